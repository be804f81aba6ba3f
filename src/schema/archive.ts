/**
 * The daily archive: "Xem các tin đã đưa ngày … Tin trong: Chuyên mục này / Mọi chuyên mục".
 * A day is a calendar day in Asia/Ho_Chi_Minh, so 00:30 on 4 March in Vietnam belongs to
 * 4 March although it is still 3 March in UTC.
 */
import {
  daysInMonth,
  formatLocalDate,
  localDateOf,
  localDayRange,
  MAX_YEAR,
  MIN_YEAR,
  parseLocalDate,
  type LocalDate,
} from '../domain/local-time.js';
import { inSection, newestFirst, publicSql, visibleArticles, visibleCategories } from '../db/visibility.js';
import { findArticlePage } from '../db/article-pages.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import { Category } from './category.js';
import type { GatewayContext } from './context.js';
import { ErrorCode, userError } from './errors.js';
import { pageSizeOptions } from './pagination.js';
import { boundedTotal } from './counts.js';
import { countArticlesCapped } from '../db/counts.js';

/** A day's archive within a scope: one section (with its subsections) or all of them. */
interface ArchiveScope {
  categoryId: number | null;
}
interface DailyArchiveShape extends ArchiveScope {
  date: LocalDate;
}
interface ArchiveMonthShape extends ArchiveScope {
  year: number;
  month: number;
}

function scopeWhere(ctx: GatewayContext, scope: ArchiveScope): Prisma.ArticleWhereInput {
  return { ...visibleArticles(ctx), ...(scope.categoryId !== null ? inSection(scope.categoryId) : {}) };
}

function dayWhere(ctx: GatewayContext, archive: DailyArchiveShape): Prisma.ArticleWhereInput {
  const { start, end } = localDayRange(archive.date);
  return { AND: [scopeWhere(ctx, archive), { publishedAt: { gte: start, lt: end } }] };
}

/** The nearest day before or after `archive` that has an article in the same scope. */
async function neighbourDay(ctx: GatewayContext, archive: DailyArchiveShape, direction: 'previous' | 'next') {
  const { start, end } = localDayRange(archive.date);
  const nearest = await ctx.prisma.article.findFirst({
    where: { AND: [scopeWhere(ctx, archive), { publishedAt: direction === 'previous' ? { lt: start } : { gte: end } }] },
    orderBy: { publishedAt: direction === 'previous' ? 'desc' : 'asc' },
    select: { publishedAt: true },
  });
  return nearest?.publishedAt ? { date: localDateOf(nearest.publishedAt), categoryId: archive.categoryId } : null;
}

/** The scope's section as a GraphQL Category, loaded with the client's own selection. */
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

function scopeCategoryField<Shape extends ArchiveScope>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) {
  return t.prismaField({
    type: Category,
    nullable: true,
    description: 'The section this archive is limited to (with its subsections); null for all sections.',
    resolve: (query, scope, _args, ctx) =>
      scope.categoryId === null ? null : ctx.prisma.category.findUnique({ ...query, where: { id: scope.categoryId } }),
  });
}

const ArchiveCategoryCount = builder.objectRef<{ categoryId: number; count: number }>('ArchiveCategoryCount').implement({
  description: "How many articles a section published on the archive's day.",
  fields: (t) => ({
    category: t.prismaField({
      type: Category,
      resolve: (query, row, _args, ctx) => ctx.prisma.category.findUniqueOrThrow({ ...query, where: { id: row.categoryId } }),
    }),
    count: t.exposeInt('count'),
  }),
});

export const DailyArchive = builder.objectRef<DailyArchiveShape>('DailyArchive');
DailyArchive.implement({
  description: 'The articles published on one day (Asia/Ho_Chi_Minh), in one section or in all.',
  fields: (t) => ({
    date: t.field({ type: 'LocalDate', resolve: (archive) => formatLocalDate(archive.date) }),
    category: scopeCategoryField(t),
    totalCount: t.int({
      description: 'Articles published that day in this scope.',
      resolve: (archive, _args, ctx) => ctx.prisma.article.count({ where: dayWhere(ctx, archive) }),
    }),
    articles: t.prismaConnection(
      {
        type: 'Article',
        cursor: 'id',
        description: "The day's articles, newest first.",
        ...pageSizeOptions,
        resolve: (query, archive, _args, ctx) => findArticlePage(ctx.prisma, query, dayWhere(ctx, archive), newestFirst),
        totalCount: (archive, _args, ctx) => boundedTotal(countArticlesCapped(ctx.prisma, dayWhere(ctx, archive))),
      },
      ArticleConnection,
    ),
    previousDay: t.field({
      type: DailyArchive,
      nullable: true,
      description: 'The nearest earlier day with articles in the same scope; null when there is none.',
      resolve: (archive, _args, ctx) => neighbourDay(ctx, archive, 'previous'),
    }),
    nextDay: t.field({
      type: DailyArchive,
      nullable: true,
      description: 'The nearest later day with articles in the same scope; null when there is none.',
      resolve: (archive, _args, ctx) => neighbourDay(ctx, archive, 'next'),
    }),
    categories: t.field({
      type: [ArchiveCategoryCount],
      complexity: { field: 2, multiplier: 20 },
      description:
        "Every section's article count for this day, largest first, whatever this archive's scope: what a “Tin trong” switch offers.",
      resolve: async (archive, _args, ctx) => {
        const groups = await ctx.prisma.article.groupBy({
          by: ['categoryId'],
          where: dayWhere(ctx, { date: archive.date, categoryId: null }),
          _count: { _all: true },
        });
        return groups
          .filter((group): group is typeof group & { categoryId: number } => group.categoryId !== null)
          .map((group) => ({ categoryId: group.categoryId, count: group._count._all }))
          .sort((a, b) => b.count - a.count || a.categoryId - b.categoryId);
      },
    }),
  }),
});

const ArchiveDay = builder.objectRef<{ date: string; articleCount: number }>('ArchiveDay').implement({
  fields: (t) => ({
    date: t.field({ type: 'LocalDate', resolve: (day) => day.date }),
    articleCount: t.exposeInt('articleCount'),
  }),
});

const ArchiveMonth = builder.objectRef<ArchiveMonthShape>('ArchiveMonth').implement({
  description: 'Article counts for each day of a month (Asia/Ho_Chi_Minh), for a date picker.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    month: t.exposeInt('month'),
    category: scopeCategoryField(t),
    days: t.field({
      type: [ArchiveDay],
      complexity: { field: 2, multiplier: 31 },
      description: 'Every day of the month in order, with 0 for days without articles.',
      resolve: async (month, _args, ctx) => {
        const counts = await countArticlesPerDay(ctx, month);
        return Array.from({ length: daysInMonth(month.year, month.month) }, (_, i) => {
          const date = formatLocalDate({ year: month.year, month: month.month, day: i + 1 });
          return { date, articleCount: counts.get(date) ?? 0 };
        });
      },
    }),
  }),
});

/** One grouped statement: the local day of each visible article in the month, counted. */
async function countArticlesPerDay(ctx: GatewayContext, month: ArchiveMonthShape): Promise<Map<string, number>> {
  const start = localDayRange({ year: month.year, month: month.month, day: 1 }).start;
  const next = month.month === 12 ? { year: month.year + 1, month: 1 } : { year: month.year, month: month.month + 1 };
  const end = localDayRange({ ...next, day: 1 }).start;
  // UTC wall time + 7 hours is the Vietnamese wall time; no time-zone database needed.
  const rows = await ctx.prisma.$queryRaw<{ day: string; n: number }[]>`
    SELECT to_char((a."publishedAt" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM "Article" a LEFT JOIN "Category" c ON c.id = a."categoryId"
    WHERE ${publicSql('a', ctx.now)} AND a."publishedAt" >= ${start} AND a."publishedAt" < ${end}
      AND (${month.categoryId}::int IS NULL OR c.id = ${month.categoryId}::int OR c."parentId" = ${month.categoryId}::int)
    GROUP BY 1`;
  return new Map(rows.map((row) => [row.day, row.n]));
}

/** Resolves a section slug to its id; undefined when the slug names no section. */
async function scopeFor(ctx: GatewayContext, slug: string | null | undefined): Promise<ArchiveScope | undefined> {
  if (slug == null) return { categoryId: null };
  const category = await ctx.prisma.category.findUnique({ where: { slug, ...visibleCategories(ctx) }, select: { id: true } });
  return category ? { categoryId: category.id } : undefined;
}

builder.queryFields((t) => ({
  dailyArchive: t.field({
    type: DailyArchive,
    nullable: true,
    description:
      'The articles published on a day in Vietnam, in one section (with its subsections) or in all. ' +
      'An empty day is an archive with no articles; an unknown section slug gives null.',
    args: {
      date: t.arg({ type: 'LocalDate', required: true }),
      category: t.arg.string({ description: 'Section slug; omit for all sections.' }),
    },
    resolve: async (_root, args, ctx) => {
      const scope = await scopeFor(ctx, args.category);
      return scope ? { ...scope, date: parseLocalDate(args.date)! } : null;
    },
  }),
  archiveCalendar: t.field({
    type: ArchiveMonth,
    nullable: true,
    description: 'Per-day article counts for a month, for a date picker. An unknown section slug gives null.',
    args: {
      year: t.arg.int({ required: true }),
      month: t.arg.int({ required: true, description: '1 to 12.' }),
      category: t.arg.string({ description: 'Section slug; omit for all sections.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.year < MIN_YEAR || args.year > MAX_YEAR || args.month < 1 || args.month > 12) {
        throw userError(ErrorCode.INVALID_DATE, `No such month: ${args.year}-${args.month} (years ${MIN_YEAR}–${MAX_YEAR}, months 1–12)`);
      }
      const scope = await scopeFor(ctx, args.category);
      return scope ? { ...scope, year: args.year, month: args.month } : null;
    },
  }),
}));

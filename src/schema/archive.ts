/**
 * The daily archive: "Xem các tin đã đưa ngày … Tin trong: Chuyên mục này / Mọi chuyên mục".
 * A day is a calendar day in Asia/Ho_Chi_Minh, so 00:30 on 4 March in Vietnam belongs to
 * 4 March although it is still 3 March in UTC. The data comes from src/db/archive.ts: a day's
 * figures, neighbours and sections in one statement, its articles in one more.
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
import { inSection, newestFirst, visibleArticles } from '../db/visibility.js';
import { findArticlePage } from '../db/article-pages.js';
import { countArticlesPerDay, findArchiveSection, readArchiveDay, type ArchiveDay } from '../db/archive.js';
import { capped } from '../db/counts.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import { Category } from './category.js';
import type { GatewayContext } from './context.js';
import { ErrorCode, userError } from './errors.js';
import { ARTICLE_CURSOR, pageSizeOptions } from './pagination.js';
import { boundedTotal } from './counts.js';

/** A day's archive within a scope: one section (with its subsections) or all of them. */
interface DailyArchiveShape {
  date: LocalDate;
  /** The scope's section slug, null for all sections. */
  slug: string | null;
  /** Its figures (src/db/archive.ts), read at the first field that needs them, once. */
  day: () => Promise<ArchiveDay | null>;
}
interface ArchiveMonthShape {
  categoryId: number | null;
  year: number;
  month: number;
}

/** An archive whose figures are read when a field first asks (`previousDay { date }` asks none). */
function dailyArchive(ctx: GatewayContext, date: LocalDate, slug: string | null): DailyArchiveShape {
  let day: Promise<ArchiveDay | null> | undefined;
  return { date, slug, day: () => (day ??= readArchiveDay(ctx.prisma, date, slug, ctx.now)) };
}

/** A day's figures; an archive exists only with them (see `dailyArchive` below). */
async function figures(archive: DailyArchiveShape): Promise<ArchiveDay> {
  const day = await archive.day();
  if (!day) throw new Error('an archive without its day');
  return day;
}

function dayWhere(ctx: GatewayContext, archive: DailyArchiveShape, day: ArchiveDay): Prisma.ArticleWhereInput {
  const { start, end } = localDayRange(archive.date);
  return {
    AND: [visibleArticles(ctx), day.category ? inSection(day.category.id) : {}, { publishedAt: { gte: start, lt: end } }],
  };
}

/** The nearest day before or after with an article in the same scope, as its own archive. */
async function neighbourDay(ctx: GatewayContext, archive: DailyArchiveShape, direction: 'previous' | 'next') {
  const instant = (await figures(archive))[direction];
  return instant ? dailyArchive(ctx, localDateOf(instant), archive.slug) : null;
}

/** The scope's section as a GraphQL Category, loaded with the client's own selection. */
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const SCOPE_DESCRIPTION = 'The section this archive is limited to (with its subsections); null for all sections.';

function scopeCategoryField<Shape extends ArchiveMonthShape>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) {
  return t.prismaField({
    type: Category,
    nullable: true,
    description: SCOPE_DESCRIPTION,
    resolve: (query, scope, _args, ctx) =>
      scope.categoryId === null ? null : ctx.prisma.category.findUnique({ ...query, where: { id: scope.categoryId } }),
  });
}

const ArchiveCategoryCount = builder.objectRef<ArchiveDay['sections'][number]>('ArchiveCategoryCount').implement({
  description: "How many articles a section published on the archive's day.",
  fields: (t) => ({
    // The section's row came with the day's figures (every scalar column; a relation it
    // selects beyond them, such as its parent, Pothos loads on its own).
    category: t.prismaField({ type: Category, resolve: (_query, row) => row.category }),
    count: t.exposeInt('count'),
  }),
});

export const DailyArchive = builder.objectRef<DailyArchiveShape>('DailyArchive');
DailyArchive.implement({
  description: 'The articles published on one day (Asia/Ho_Chi_Minh), in one section or in all.',
  fields: (t) => ({
    date: t.field({ type: 'LocalDate', resolve: (archive) => formatLocalDate(archive.date) }),
    category: t.prismaField({
      type: Category,
      nullable: true,
      description: SCOPE_DESCRIPTION,
      resolve: async (_query, archive) => (await figures(archive)).category,
    }),
    totalCount: t.int({
      description: 'Articles published that day in this scope.',
      resolve: async (archive) => (await figures(archive)).total,
    }),
    articles: t.prismaConnection(
      {
        type: 'Article',
        cursor: ARTICLE_CURSOR,
        description: "The day's articles, newest first.",
        ...pageSizeOptions,
        resolve: async (query, archive, _args, ctx) =>
          findArticlePage(ctx.prisma, query, dayWhere(ctx, archive, await figures(archive)), newestFirst),
        // The day's count, read with its figures, capped as every filtered list's is.
        totalCount: (archive) => boundedTotal(figures(archive).then((day) => capped(day.total))),
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
      resolve: async (archive) => (await figures(archive)).sections,
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
        const counts = await countArticlesPerDay(ctx.prisma, month, ctx.now);
        return Array.from({ length: daysInMonth(month.year, month.month) }, (_, i) => {
          const date = formatLocalDate({ year: month.year, month: month.month, day: i + 1 });
          return { date, articleCount: counts.get(date) ?? 0 };
        });
      },
    }),
  }),
});

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
    // The day's figures are read here, in one statement: an unknown section answers null.
    resolve: async (_root, args, ctx) => {
      const archive = dailyArchive(ctx, parseLocalDate(args.date)!, args.category ?? null);
      return (await archive.day()) ? archive : null;
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
      const categoryId = args.category == null ? null : await findArchiveSection(ctx.prisma, args.category, ctx.now);
      return categoryId === undefined ? null : { categoryId, year: args.year, month: args.month };
    },
  }),
}));

/**
 * What a reader may see: ONE rule (src/domain/publication.ts), here for Prisma, and in the migration
 * reader_visibility for SQL ("article_visible_from", "article_is_public",
 * "article_is_scheduled"), which every raw statement, SQL function and trigger reads
 * (`publicSql` below writes the call). test/integration/visibility.test.ts checks that every
 * form agrees on every state and that every read path answers exactly the public set.
 *
 * An article is public from its visible-from instant on: its publishedAt while it is
 * PUBLISHED; never as a DRAFT or ARCHIVED (withdrawn). Before that instant a PUBLISHED
 * article is scheduled. Tags, authors and sections are public while they have a public
 * article: one used only by hidden articles tells a reader nothing.
 */
import { PUBLIC_STATUS } from '../domain/publication.js';
import { Prisma as Sql, type Prisma } from '../generated/prisma/client.js';

export { isPublic, PUBLIC_STATUS, visibleFrom } from '../domain/publication.js';

/** The rule as a Prisma where on Article: every path to an article (queries, connections, node, counts) uses it. */
export function visibleArticles({ now }: { now: Date }) {
  return { status: PUBLIC_STATUS, publishedAt: { lte: now } } satisfies Prisma.ArticleWhereInput;
}

/** The rule on ArticleTag rows: "visibleAt" is the article's visible-from instant (kept by triggers). */
export function visibleTagRows({ now }: { now: Date }) {
  return { visibleAt: { not: null, lte: now } } satisfies Prisma.ArticleTagWhereInput;
}

/** Tags with a public article. */
export function visibleTags(ctx: { now: Date }) {
  return { articles: { some: visibleTagRows(ctx) } } satisfies Prisma.TagWhereInput;
}

/** Authors with a public article. */
export function visibleAuthors(ctx: { now: Date }) {
  return { articles: { some: visibleArticles(ctx) } } satisfies Prisma.AuthorWhereInput;
}

/** Sections with a public article, in themselves or in a subsection (a section lists both). */
export function visibleCategories(ctx: { now: Date }) {
  return {
    OR: [{ articles: { some: visibleArticles(ctx) } }, { children: { some: { articles: { some: visibleArticles(ctx) } } } }],
  } satisfies Prisma.CategoryWhereInput;
}

/** The rule in raw SQL on the "Article" row aliased `alias`, through the migration's function. */
export function publicSql(alias: string, now: Date): Sql.Sql {
  const a = Sql.raw(alias);
  return Sql.sql`"article_is_public"(${a}.status, ${a}."publishedAt", ${now}::timestamptz)`;
}

/**
 * How every article read loads its relations: in the same statement, as JSON aggregated by
 * PostgreSQL (Prisma's relationJoins), instead of one more statement per relation. An article
 * page's article, author, section, tags and images are one statement; a page of 20 articles
 * with theirs is one statement too.
 */
export const JOINED = { relationLoadStrategy: 'join' } as const;

/** Newest first, with the id as tie-breaker so pages never overlap or skip. */
export const newestFirst: Prisma.ArticleOrderByWithRelationInput[] = [{ publishedAt: 'desc' }, { id: 'desc' }];
export const oldestFirst: Prisma.ArticleOrderByWithRelationInput[] = [{ publishedAt: 'asc' }, { id: 'asc' }];

/** Articles of a section or of its subsections (sections nest one level in practice). */
export function inSection(categoryId: number) {
  return { category: { OR: [{ id: categoryId }, { parentId: categoryId }] } } satisfies Prisma.ArticleWhereInput;
}

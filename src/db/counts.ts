/**
 * Counts that cost the same at 10k and at 1M articles (issue 13 item 2). Either:
 *
 * - from counters: "public_article_count" (migration reader_visibility) reads a counter kept
 *   by triggers (the corpus, a section, an author, a tag) and subtracts the few scheduled
 *   articles through an index: exact, one small statement; or
 * - capped: count the matches up to COUNT_CAP + 1 and stop: a list with more answers
 *   COUNT_CAP and says the count is not exact (`totalCountIsExact: false`).
 */
import type { DatabaseClient } from './database.js';
import { Prisma as Sql, type Prisma as PrismaTypes } from '../generated/prisma/client.js';

/** A capped count answers at most this many. */
export const COUNT_CAP = 10_000;

export interface BoundedCount {
  /** The count, or COUNT_CAP when there are more. */
  count: number;
  /** False when there are more than COUNT_CAP. */
  exact: boolean;
}

export function capped(matches: number): BoundedCount {
  return matches > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: matches, exact: true };
}

export type CounterScope = { all: true } | { tagId: number } | { authorId: number } | { sectionId: number };

/** The public articles of a scope, from counters: exact, one statement. A section includes its subsections. */
export async function countPublicArticles(prisma: DatabaseClient, scope: CounterScope, now: Date): Promise<BoundedCount> {
  let call: Sql.Sql;
  if ('tagId' in scope) call = Sql.sql`"public_article_count"('tag', ARRAY[${scope.tagId}::int], ${now}::timestamptz)`;
  else if ('authorId' in scope) call = Sql.sql`"public_article_count"('author', ARRAY[${scope.authorId}::int], ${now}::timestamptz)`;
  else if ('sectionId' in scope) {
    call = Sql.sql`"public_article_count"('category',
      ARRAY(SELECT c.id FROM "Category" c WHERE c.id = ${scope.sectionId}::int OR c."parentId" = ${scope.sectionId}::int),
      ${now}::timestamptz)`;
  } else call = Sql.sql`"public_article_count"('all', '{}', ${now}::timestamptz)`;
  const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT ${call} AS n`;
  return { count: rows[0]?.n ?? 0, exact: true };
}

/** The articles matching `where`, counted up to COUNT_CAP + 1: one statement reading at most that many index entries. */
export async function countArticlesCapped(prisma: DatabaseClient, where: PrismaTypes.ArticleWhereInput): Promise<BoundedCount> {
  return capped(await prisma.article.count({ where, take: COUNT_CAP + 1 }));
}

/** The same for tags. */
export async function countTagsCapped(prisma: DatabaseClient, where: PrismaTypes.TagWhereInput): Promise<BoundedCount> {
  return capped(await prisma.tag.count({ where, take: COUNT_CAP + 1 }));
}

/** The same for a tag's rows (ArticleTag), along its (tagId, visibleAt) index. */
export async function countTagRowsCapped(prisma: DatabaseClient, where: PrismaTypes.ArticleTagWhereInput): Promise<BoundedCount> {
  return capped(await prisma.articleTag.count({ where, take: COUNT_CAP + 1 }));
}

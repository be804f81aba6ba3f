import type { Prisma } from '../generated/prisma/client.js';

/**
 * What an anonymous reader may see: published, and not scheduled for later. Every path to
 * an article (queries, connections, node, counts) goes through this filter, so drafts cannot
 * leak through a path that forgot it.
 */
export function visibleArticles({ now }: { now: Date }) {
  return { status: 'PUBLISHED', publishedAt: { lte: now } } satisfies Prisma.ArticleWhereInput;
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

/**
 * The public article filter (`ArticleFilter`: tag, section, author, time window), defined once
 * and rendered twice, side by side: as a Prisma where for the lists, and as SQL for search.
 * test/integration/visibility.test.ts checks that both select the same articles.
 */
import { Prisma as Sql, type Prisma } from '../generated/prisma/client.js';

export interface ArticleFilter {
  /** Tag slug. */
  tag?: string | null;
  /** Section slug; includes its subsections. */
  category?: string | null;
  /** Author slug. */
  author?: string | null;
  /** Published at or after. */
  publishedFrom?: Date | null;
  /** Published before. */
  publishedTo?: Date | null;
}

/** The filter's conditions on Article, as Prisma wheres (to AND with the visibility rule). */
export function filterWhere(filter: ArticleFilter | null | undefined): Prisma.ArticleWhereInput[] {
  const conditions: Prisma.ArticleWhereInput[] = [];
  if (filter?.tag) conditions.push({ tags: { some: { tag: { slug: filter.tag } } } });
  if (filter?.category) conditions.push({ category: { OR: [{ slug: filter.category }, { parent: { slug: filter.category } }] } });
  if (filter?.author) conditions.push({ author: { slug: filter.author } });
  if (filter?.publishedFrom) conditions.push({ publishedAt: { gte: filter.publishedFrom } });
  if (filter?.publishedTo) conditions.push({ publishedAt: { lt: filter.publishedTo } });
  return conditions;
}

/**
 * A filter naming a tag, as a where on that tag's ArticleTag rows (to AND with
 * `visibleTagRows`), so the list reads along ArticleTag(tagId, visibleAt): the tag by its id
 * (src/db/tag-ids.ts), the time window on "visibleAt" (the article's publishedAt on every
 * public row), the section and author on the joined article. Selects what filterWhere selects.
 */
export function filterTagRows(tagId: number, filter: ArticleFilter): Prisma.ArticleTagWhereInput {
  const { tag: _tag, publishedFrom, publishedTo, ...onArticle } = filter;
  const article = filterWhere(onArticle);
  const window = { ...(publishedFrom ? { gte: publishedFrom } : {}), ...(publishedTo ? { lt: publishedTo } : {}) };
  return {
    tagId,
    ...(publishedFrom || publishedTo ? { visibleAt: window } : {}),
    ...(article.length > 0 ? { article: { AND: article } } : {}),
  };
}

/** The tag, section and author conditions on "Article" a, in SQL: filterWhere's first three. */
export function relationFilterSql(filter: ArticleFilter | null | undefined): Sql.Sql[] {
  const parts: Sql.Sql[] = [];
  if (filter?.tag) {
    parts.push(Sql.sql`EXISTS (SELECT 1 FROM "ArticleTag" at JOIN "Tag" t ON t.id = at."tagId"
                                WHERE at."articleId" = a.id AND t.slug = ${filter.tag})`);
  }
  if (filter?.category) {
    // A section includes its subsections. (= ANY (ARRAY(…)) rather than IN (…): the planner
    // can then combine the section's index with the words' in one bitmap.)
    parts.push(Sql.sql`a."categoryId" = ANY (ARRAY(SELECT c.id FROM "Category" c LEFT JOIN "Category" p ON p.id = c."parentId"
                                                  WHERE c.slug = ${filter.category} OR p.slug = ${filter.category}))`);
  }
  if (filter?.author) parts.push(Sql.sql`a."authorId" = ANY (ARRAY(SELECT u.id FROM "Author" u WHERE u.slug = ${filter.author}))`);
  return parts;
}

/** The time window's conditions on "Article" a, in SQL: filterWhere's last two. */
export function dateFilterSql(filter: ArticleFilter | null | undefined): Sql.Sql[] {
  const parts: Sql.Sql[] = [];
  if (filter?.publishedFrom) parts.push(Sql.sql`a."publishedAt" >= ${filter.publishedFrom}`);
  if (filter?.publishedTo) parts.push(Sql.sql`a."publishedAt" < ${filter.publishedTo}`);
  return parts;
}

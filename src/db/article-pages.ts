/**
 * One page of an article list, for every connection that lists articles: keyset-paged
 * (src/db/keyset.ts) so a page after a cursor costs what the first page costs, with its
 * relations joined in the same statement. Each row gets its page key, which Pothos formats
 * into the edge's cursor (`cursor: PAGE_KEY`): a page after such a cursor is one statement.
 *
 * Two paths, each along an index that bounds the read by the page size:
 * - `findArticlePage`: Article's own (status, publishedAt, id) indexes, per section or author;
 * - `findTagArticlePage`: a tag's articles along ArticleTag(tagId, visibleAt DESC, articleId),
 *   for `tag(slug).articles` and for `articles(filter: { tag })`.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { keysetPage, PAGE_KEY, pageKey, withKeyset, type ConnectionWindow, type KeysetOrder } from './keyset.js';
import { JOINED } from './visibility.js';

/** Pothos' query for a connection: the window plus the client's selection. */
export type ConnectionQuery = Omit<ConnectionWindow, 'cursor'> & {
  cursor?: ConnectionWindow['cursor'] | Prisma.ArticleWhereUniqueInput;
  select?: Prisma.ArticleSelect;
  include?: Prisma.ArticleInclude;
};

type Selection = { select?: Prisma.ArticleSelect; include?: Prisma.ArticleInclude };

/**
 * The client's selection for Prisma: without the page-key pseudo-field Pothos adds, and with
 * the order's columns, which the page key is made of.
 */
function forPrisma({ select, include }: Selection, columns: readonly string[]): Selection {
  if (!select) return include ? { include } : {};
  const { [PAGE_KEY]: _pageKey, ...rest } = select as Prisma.ArticleSelect & { [PAGE_KEY]?: unknown };
  return { select: { ...rest, ...Object.fromEntries(columns.map((column) => [column, true])) } };
}

/** Gives each row its page key in `order` (the columns named as on Article). */
function withPageKeys<Row extends object>(rows: Row[], order: KeysetOrder): Row[] {
  for (const row of rows) (row as Record<string, unknown>)[PAGE_KEY] = pageKey(order, row as Record<string, unknown>);
  return rows;
}

function orderColumns(order: KeysetOrder): string[] {
  return order.flatMap((entry) => Object.keys(entry));
}

export async function findArticlePage(
  prisma: Pick<PrismaClient, 'article'>,
  query: ConnectionQuery,
  where: Prisma.ArticleWhereInput,
  orderBy: Prisma.ArticleOrderByWithRelationInput[],
  options: { joined?: boolean } = {},
) {
  const { cursor, skip, take, select, include } = query;
  const selection = forPrisma({ select, include }, orderColumns(orderBy));
  const strategy = options.joined === false ? {} : JOINED;
  // The cursor's row (for a cursor of the older, id-only form) is read within the list's own
  // where: a cursor naming an article outside the list (a draft, a scheduled or withdrawn
  // article, one of another section) answers exactly as one naming no article at all. A page
  // key says nothing about any row: the page is what the list holds after that position.
  const page = await keysetPage({ cursor: cursor as ConnectionWindow['cursor'], skip, take }, orderBy, (id, columns) =>
    prisma.article.findFirst({ where: { AND: [{ id }, where] }, select: columns }),
  );
  if (page.kind === 'empty') return [];
  if (page.kind === 'prisma') {
    // An id cursor whose row has a null in an order column: Prisma's own cursor, by id.
    const given = cursor as Record<string, unknown>;
    const prismaCursor = { id: (PAGE_KEY in given ? given[PAGE_KEY] : given.id) as number };
    return prisma.article.findMany({ ...selection, cursor: prismaCursor, skip, take, ...strategy, where, orderBy });
  }
  const rows = await prisma.article.findMany({
    ...selection,
    ...strategy,
    where: withKeyset(where, page.where),
    orderBy,
    take: page.take,
  });
  return withPageKeys(rows, orderBy);
}

/** A tag's rows in article order: ArticleTag(tagId, visibleAt DESC, articleId), the tag's own time index. */
const TAG_NEWEST_FIRST: Prisma.ArticleTagOrderByWithRelationInput[] = [{ visibleAt: 'desc' }, { articleId: 'desc' }];
const TAG_OLDEST_FIRST: Prisma.ArticleTagOrderByWithRelationInput[] = [{ visibleAt: 'asc' }, { articleId: 'asc' }];
/** The same order named on Article (visibleAt is publishedAt for every public row), for page keys. */
const ARTICLE_NEWEST_FIRST = [{ publishedAt: 'desc' }, { id: 'desc' }] as const;
const ARTICLE_OLDEST_FIRST = [{ publishedAt: 'asc' }, { id: 'asc' }] as const;

/**
 * A page of a tag's articles, read along ArticleTag(tagId, visibleAt DESC, articleId) with each
 * article joined in the same statement. Going through Article's time index instead and
 * checking each article for the tag (Prisma's EXISTS for `tags: { some }`) reads every
 * article of the tag and sorts them, ever more as the tag grows (1,812 rows for one tag at
 * 100k); along the tag's own index a page reads its page.
 *
 * `rows` is the list's where on ArticleTag: the tag (by id or through `tag: { slug }`), the
 * visibility rule on tag rows (`visibleTagRows`) and any further conditions on the article.
 */
export async function findTagArticlePage(
  prisma: Pick<PrismaClient, 'articleTag'>,
  query: ConnectionQuery,
  rows: Prisma.ArticleTagWhereInput,
  direction: 'newest' | 'oldest' = 'newest',
) {
  const { cursor, skip, take, select, include } = query;
  const order = direction === 'newest' ? TAG_NEWEST_FIRST : TAG_OLDEST_FIRST;
  const articleOrder = direction === 'newest' ? ARTICLE_NEWEST_FIRST : ARTICLE_OLDEST_FIRST;
  // The cursor's row within the list's where: a hidden article's id cursor is an unknown one.
  const page = await keysetPage({ cursor: cursor as ConnectionWindow['cursor'], take, skip }, order, (articleId, columns) =>
    prisma.articleTag.findFirst({ where: { AND: [{ articleId }, rows] }, select: columns }),
  );
  // No public row for the cursor: nothing follows, as for an id that names no article.
  if (page.kind !== 'keyset') return [];
  const selection = forPrisma({ select, include }, orderColumns(articleOrder));
  const found = await prisma.articleTag.findMany({
    ...JOINED,
    where: withKeyset(rows, page.where),
    orderBy: order,
    take: page.take,
    // The client's selection, as Pothos built it for Article.
    select: {
      article: (selection.select ? { select: selection.select } : selection.include ? { include: selection.include } : true) as true,
    },
  });
  return withPageKeys(
    found.map((row) => row.article),
    articleOrder,
  );
}

/**
 * One page of an article list, for every connection that lists articles: keyset-paged
 * (src/db/keyset.ts) so a page after a cursor costs what the first page costs, with its
 * relations joined in the same statement.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { keysetPage, withKeyset, type ConnectionWindow } from './keyset.js';
import { JOINED } from './visibility.js';

/** Pothos' query for a connection: the window plus the client's selection. */
export type ConnectionQuery = Omit<ConnectionWindow, 'cursor'> & {
  cursor?: Prisma.ArticleWhereUniqueInput;
  select?: Prisma.ArticleSelect;
  include?: Prisma.ArticleInclude;
};

export async function findArticlePage(
  prisma: Pick<PrismaClient, 'article'>,
  query: ConnectionQuery,
  where: Prisma.ArticleWhereInput,
  orderBy: Prisma.ArticleOrderByWithRelationInput[],
  options: { joined?: boolean } = {},
) {
  const { cursor, skip, take, ...selection } = query;
  const strategy = options.joined === false ? {} : JOINED;
  // The cursor's row is read within the list's own where: a cursor naming an article outside
  // the list (a draft, a scheduled or withdrawn article, one of another section) answers
  // exactly as one naming no article at all, so a cursor cannot tell whether a hidden one exists.
  const page = await keysetPage({ cursor, skip, take }, orderBy, (id, select) =>
    prisma.article.findFirst({ where: { AND: [{ id }, where] }, select }),
  );
  if (page.kind === 'empty') return [];
  if (page.kind === 'prisma') return prisma.article.findMany({ ...query, ...strategy, where, orderBy });
  return prisma.article.findMany({
    ...selection,
    ...strategy,
    where: withKeyset(where, page.where),
    orderBy,
    take: page.take,
  });
}

/**
 * The naive baseline ("N+1"): plain graphql-yoga with an SDL schema of the same shape as the
 * gateway's (for the bench documents) and one Prisma call per field per parent object. No
 * dataloaders, no selection-aware queries: a page of 20 articles asks for its 20 authors,
 * 20 sections and 20 tag lists one by one, and each related article is read on its own.
 * It uses the same Prisma client, adapter and database as the gateway, and the same
 * related_articles() ranking statement.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k PORT=4103 node --import tsx bench/naive/server.ts
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { openDatabase } from '../../src/db/database.js';
import {
  formatLocalDate,
  formatPrintedDateTime,
  localDateOf,
  localDayRange,
  parseLocalDate,
  toLocalIsoString,
} from '../../src/domain/local-time.js';
import { defaultRelatedWeights } from '../../src/domain/related-ranking.js';
import { findRelatedArticles } from '../related-function.js';
import type { Prisma as P } from '../../src/generated/prisma/client.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL');
const db = await openDatabase({ url, options: process.env.PGOPTIONS });
const prisma = db.prisma;

type ArticleRow = NonNullable<Awaited<ReturnType<typeof prisma.article.findFirst>>>;
interface Archive {
  date: string;
  categoryId: number;
}

const typeDefs = /* GraphQL */ `
  scalar LocalDate
  type Query {
    article(slug: String!): Article
    articles(first: Int = 20, after: String): ArticleConnection!
    tag(slug: String!): Tag
    dailyArchive(date: LocalDate!, category: String): DailyArchive
  }
  enum ArticleBlockKind {
    PARAGRAPH
    HEADING
    QUOTE
  }
  type ArticleBlock {
    kind: ArticleBlockKind!
    text: String!
  }
  type Article {
    id: ID!
    title: String!
    slug: String!
    url: String!
    lead: String!
    dateline: String
    publishedAt: String
    publishedAtText: String
    body: [ArticleBlock!]!
    author: Author
    category: Category
    tags: [Tag!]!
    images: [ArticleImage!]!
    relatedArticles(first: Int = 6): [Article!]!
  }
  type Author {
    name: String!
    slug: String!
    url: String!
  }
  type Category {
    name: String!
    slug: String!
    url: String!
  }
  type Tag {
    name: String!
    slug: String!
    url: String!
    articles(first: Int = 20, after: String): ArticleConnection!
  }
  type ArticleImage {
    src: String
    caption: String
    alt: String
    width: Int
    height: Int
  }
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type ArticleEdge {
    cursor: String!
    node: Article!
  }
  type ArticleConnection {
    pageInfo: PageInfo!
    edges: [ArticleEdge!]!
    totalCount: Int!
  }
  type DailyArchive {
    date: LocalDate!
    totalCount: Int!
    articles(first: Int = 20, after: String): ArticleConnection!
    previousDay: DailyArchive
    nextDay: DailyArchive
  }
`;

const visible = () => ({ status: 'PUBLISHED', publishedAt: { lte: new Date() } }) satisfies P.ArticleWhereInput;
const newestFirst: P.ArticleOrderByWithRelationInput[] = [{ publishedAt: 'desc' }, { id: 'desc' }];

/** A page of articles along newestFirst, after an id cursor; the count only when asked. */
async function connection(where: P.ArticleWhereInput, first: number, after: string | null | undefined) {
  const cursorId = after
    ? Number(
        Buffer.from(after, 'base64')
          .toString()
          .replace(/^naive:/, ''),
      )
    : null;
  const rows = await prisma.article.findMany({
    where,
    orderBy: newestFirst,
    take: first + 1,
    ...(cursorId !== null ? { cursor: { id: cursorId }, skip: 1 } : {}),
  });
  const page = rows.slice(0, first);
  const cursor = (row: ArticleRow) => Buffer.from(`naive:${row.id}`).toString('base64');
  return {
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursor(page.at(-1)!) : null },
    edges: page.map((node) => ({ cursor: cursor(node), node })),
    totalCount: () => prisma.article.count({ where }),
  };
}

function dayWhere(archive: Archive): P.ArticleWhereInput {
  const { start, end } = localDayRange(parseLocalDate(archive.date)!);
  return {
    ...visible(),
    category: { OR: [{ id: archive.categoryId }, { parentId: archive.categoryId }] },
    AND: [{ publishedAt: { gte: start } }, { publishedAt: { lt: end } }],
  };
}

async function neighbour(archive: Archive, direction: 'previous' | 'next'): Promise<Archive | null> {
  const { start, end } = localDayRange(parseLocalDate(archive.date)!);
  const row = await prisma.article.findFirst({
    where: {
      ...visible(),
      category: { OR: [{ id: archive.categoryId }, { parentId: archive.categoryId }] },
      AND: [{ publishedAt: direction === 'previous' ? { lt: start } : { gte: end } }],
    },
    orderBy: { publishedAt: direction === 'previous' ? 'desc' : 'asc' },
  });
  return row?.publishedAt ? { date: formatLocalDate(localDateOf(row.publishedAt)), categoryId: archive.categoryId } : null;
}

const resolvers = {
  Query: {
    article: (_: unknown, { slug }: { slug: string }) =>
      prisma.article.findFirst({ where: { AND: [{ OR: [{ slug }, { slugAliases: { some: { slug } } }] }, visible()] } }),
    articles: (_: unknown, { first, after }: { first: number; after?: string }) => connection(visible(), first, after),
    tag: (_: unknown, { slug }: { slug: string }) => prisma.tag.findUnique({ where: { slug } }),
    dailyArchive: async (_: unknown, { date, category }: { date: string; category?: string }) => {
      if (!category) throw new Error('the naive baseline serves one section at a time');
      const row = await prisma.category.findUnique({ where: { slug: category } });
      return row ? { date, categoryId: row.id } : null;
    },
  },
  Article: {
    id: (a: ArticleRow) => Buffer.from(`Article:${a.id}`).toString('base64'),
    url: (a: ArticleRow) => `/bai-viet/${a.slug}`,
    publishedAt: (a: ArticleRow) => (a.publishedAt ? toLocalIsoString(a.publishedAt) : null),
    publishedAtText: (a: ArticleRow) => (a.publishedAt ? formatPrintedDateTime(a.publishedAt) : null),
    body: (a: ArticleRow) =>
      Array.isArray(a.body)
        ? a.body.flatMap((b) =>
            b && typeof b === 'object' && !Array.isArray(b) && typeof b.text === 'string'
              ? [{ kind: b.kind ?? 'PARAGRAPH', text: b.text }]
              : [],
          )
        : [],
    author: (a: ArticleRow) => (a.authorId === null ? null : prisma.author.findUnique({ where: { id: a.authorId } })),
    category: (a: ArticleRow) => (a.categoryId === null ? null : prisma.category.findUnique({ where: { id: a.categoryId } })),
    tags: async (a: ArticleRow) =>
      (await prisma.articleTag.findMany({ where: { articleId: a.id }, orderBy: { position: 'asc' }, include: { tag: true } })).map(
        (x) => x.tag,
      ),
    images: (a: ArticleRow) => prisma.articleImage.findMany({ where: { articleId: a.id }, orderBy: { position: 'asc' } }),
    relatedArticles: async (a: ArticleRow, { first }: { first: number }) => {
      const hits = (await findRelatedArticles(prisma, [a.id], first, new Date(), defaultRelatedWeights)).get(a.id) ?? [];
      const rows = await Promise.all(hits.map((hit) => prisma.article.findFirst({ where: { id: hit.articleId, ...visible() } })));
      return rows.filter((row) => row !== null);
    },
  },
  Author: { url: (x: { slug: string }) => `/tac-gia/${x.slug}` },
  Category: { url: (x: { slug: string }) => `/chuyen-muc/${x.slug}` },
  Tag: {
    url: (x: { slug: string }) => `/tag/${x.slug}`,
    articles: (tag: { id: number }, { first, after }: { first: number; after?: string }) =>
      connection({ ...visible(), tags: { some: { tagId: tag.id } } }, first, after),
  },
  ArticleImage: { alt: (i: { alt: string | null; caption: string | null }) => i.alt ?? i.caption },
  ArticleConnection: { totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount() },
  DailyArchive: {
    totalCount: (archive: Archive) => prisma.article.count({ where: dayWhere(archive) }),
    articles: (archive: Archive, { first, after }: { first: number; after?: string }) => connection(dayWhere(archive), first, after),
    previousDay: (archive: Archive) => neighbour(archive, 'previous'),
    nextDay: (archive: Archive) => neighbour(archive, 'next'),
  },
};

const yoga = createYoga({
  schema: createSchema({ typeDefs, resolvers }),
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: 'warn',
});

const port = Number(process.env.PORT ?? 4103);
const host = process.env.HOST ?? '127.0.0.1';
const server = createServer(yoga);
server.listen(port, host, () => console.log(`naive baseline at http://${host}:${port}/graphql`));
const stop = () => server.close(() => void db.close().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

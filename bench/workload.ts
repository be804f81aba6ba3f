/**
 * The benchmark workload: which pages are read, with which variables, and how each server
 * is asked for them.
 *
 * Variables are real slugs, tags, days and sections read from the database, drawn by a
 * seeded pseudo-random sequence, so two runs on the same corpus ask the same questions.
 * Documents are static: only variables change from one request to the next.
 *
 * - the gateway and the naive baseline get the same GraphQL documents (same schema shape);
 * - PostGraphile gets equivalent documents in its own query shapes (allArticles,
 *   articleBySlug, articleTagsByTagId, …);
 * - the raw-SQL server gets plain GET requests and answers with the same JSON as the gateway.
 */
import type pg from 'pg';
import { formatLocalDate, localDateOf, localDayRange } from '../src/domain/local-time.js';

export type Page = 'article' | 'home' | 'tag' | 'archive' | 'search' | 'mix';
export const ALL_PAGES: Page[] = ['article', 'home', 'tag', 'archive', 'search', 'mix'];

/** The mix: 70 % article pages, 10 % home, 10 % tag pages, 5 % daily archive, 5 % search. */
export const MIX: [Exclude<Page, 'mix'>, number][] = [
  ['article', 70],
  ['home', 10],
  ['tag', 10],
  ['archive', 5],
  ['search', 5],
];

export interface ArchiveDay {
  /** "YYYY-MM-DD", a day in Asia/Ho_Chi_Minh. */
  date: string;
  /** A top-level section slug: its subsections are included. */
  category: string;
  /** [start, end) of the day as ISO instants, for servers that take instants. */
  start: string;
  end: string;
}

export interface Sample {
  articleSlugs: string[];
  /** Tags with more than 20 visible articles, so that each has a second page. */
  tagSlugs: string[];
  archiveDays: ArchiveDay[];
  /** Common two-word queries without diacritics ("yen bai"). */
  searchQueries: string[];
  /** The instant the workload treats as "now" (PostGraphile filters take it as a variable). */
  now: string;
}

/** A Park–Miller style generator: deterministic, good enough to pick samples. */
export function seededRandom(seed: number) {
  let state = seed % 2147483647;
  if (state <= 0) state += 2147483646;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Folds Vietnamese to lower-case ASCII: "Yên Bái" → "yen bai", "Đà Nẵng" → "da nang". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Reads the sample of variables from the database (read-only). */
export async function sampleWorkload(client: pg.ClientBase, seed: number, size = 200): Promise<Sample> {
  const random = seededRandom(seed);
  const now = new Date();
  const { rows: bounds } = await client.query<{ min: number; max: number }>(
    'SELECT min(id)::int AS min, max(id)::int AS max FROM "Article"',
  );
  const { min, max } = bounds[0]!;
  const articles: { id: number; slug: string; publishedAt: Date; section: string }[] = [];
  for (let attempt = 0; attempt < 20 && articles.length < size; attempt++) {
    const ids = Array.from({ length: size * 2 }, () => min + Math.floor(random() * (max - min + 1)));
    const { rows } = await client.query<{ id: number; slug: string; publishedAt: Date; section: string }>(
      `SELECT a.id, a.slug, a."publishedAt", coalesce(p.slug, c.slug) AS section
       FROM "Article" a JOIN "Category" c ON c.id = a."categoryId" LEFT JOIN "Category" p ON p.id = c."parentId"
       WHERE a.id = ANY($1::int[]) AND a.status = 'PUBLISHED' AND a."publishedAt" <= $2`,
      [ids, now],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const row = byId.get(id);
      if (row && articles.length < size && !articles.some((a) => a.id === id)) articles.push(row);
    }
  }
  if (articles.length === 0) throw new Error('No published articles to sample: seed the database first');

  // Tag counts are kept by a trigger and include drafts (~3 %): 30 is safely past one page.
  const { rows: tags } = await client.query<{ slug: string }>('SELECT slug FROM "Tag" WHERE "articleCount" >= 30 ORDER BY id');
  const tagSlugs = Array.from({ length: Math.min(50, tags.length) }, () => tags[Math.floor(random() * tags.length)]!.slug);

  const archiveDays = articles.slice(0, 50).map((article) => {
    const day = localDateOf(article.publishedAt);
    const { start, end } = localDayRange(day);
    return { date: formatLocalDate(day), category: article.section, start: start.toISOString(), end: end.toISOString() };
  });

  const { rows: common } = await client.query<{ name: string }>('SELECT name FROM "Tag" ORDER BY "articleCount" DESC, id LIMIT 40');
  const searchQueries = common
    .map((tag) => foldVietnamese(tag.name))
    .filter((name) => /^[a-z]+ [a-z]+$/.test(name))
    .slice(0, 5);

  return {
    articleSlugs: articles.map((a) => a.slug),
    tagSlugs,
    archiveDays,
    searchQueries: searchQueries.length > 0 ? searchQueries : ['yen bai'],
    now: now.toISOString(),
  };
}

/** One concrete HTTP request, as the load generator sends it. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** What one request of a page asks for, before it is put in a server's words. */
export type Ask =
  | { page: 'article'; slug: string }
  | { page: 'home' }
  | { page: 'tag'; slug: string; secondPage: boolean }
  | { page: 'archive'; day: ArchiveDay }
  | { page: 'search'; query: string };

/**
 * The sequence of asks for a page: `count` of them, drawn with `seed`. Tag pages alternate
 * between a first page and the second page of the same tag (through the first's cursor).
 */
export function asksFor(page: Page, sample: Sample, seed: number, count: number, withSearch: boolean): Ask[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const mix = MIX.filter(([p]) => withSearch || p !== 'search');
  const mixTotal = mix.reduce((sum, [, weight]) => sum + weight, 0);
  const asks: Ask[] = [];
  for (let i = 0; i < count; i++) {
    let kind: Exclude<Page, 'mix'> = page === 'mix' ? 'article' : page;
    if (page === 'mix') {
      let r = random() * mixTotal;
      for (const [p, weight] of mix) {
        if ((r -= weight) < 0) {
          kind = p;
          break;
        }
      }
    }
    switch (kind) {
      case 'article':
        asks.push({ page: 'article', slug: pick(sample.articleSlugs) });
        break;
      case 'home':
        asks.push({ page: 'home' });
        break;
      case 'tag':
        asks.push({ page: 'tag', slug: pick(sample.tagSlugs), secondPage: page === 'tag' ? i % 2 === 1 : random() < 0.5 });
        break;
      case 'archive':
        asks.push({ page: 'archive', day: pick(sample.archiveDays) });
        break;
      case 'search':
        asks.push({ page: 'search', query: pick(sample.searchQueries) });
        break;
    }
  }
  return asks;
}

// ---------------------------------------------------------------------------------------
// The gateway's documents (also served by the naive baseline, which has the same shape).
// No page asks for totalCount over a whole list (the front page does not print one); the
// archive asks for its day's count, which is small. These are not the example operations
// (examples/) and do not spread their fragments (ArticleCard asks for pictures and ids besides):
// the raw-SQL server answers these selections field for field, PostGraphile's documents below
// mirror them, and BENCHMARKS.md's numbers were measured with them.

export const gatewayDocuments = {
  article: /* GraphQL */ `
    query ArticlePage($slug: String!) {
      article(slug: $slug) {
        id
        title
        slug
        url
        lead
        dateline
        publishedAt
        publishedAtText
        body {
          kind
          text
        }
        author {
          name
          slug
          url
        }
        category {
          name
          slug
          url
        }
        tags {
          name
          slug
          url
        }
        images {
          src
          caption
          alt
          width
          height
        }
        relatedArticles(first: 6) {
          id
          title
          url
          publishedAtText
          author {
            name
            url
          }
        }
      }
    }
  `,
  home: /* GraphQL */ `
    query HomePage {
      articles(first: 20) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            title
            url
            lead
            publishedAt
            publishedAtText
            author {
              name
              url
            }
            category {
              name
              url
            }
            tags {
              name
              url
            }
          }
        }
      }
    }
  `,
  tag: /* GraphQL */ `
    query TagPage($slug: String!, $after: String) {
      tag(slug: $slug) {
        name
        slug
        articles(first: 20, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              title
              url
              lead
              publishedAtText
              author {
                name
                url
              }
              category {
                name
                url
              }
            }
          }
        }
      }
    }
  `,
  archive: /* GraphQL */ `
    query DailyArchive($date: LocalDate!, $category: String) {
      dailyArchive(date: $date, category: $category) {
        date
        totalCount
        articles(first: 20) {
          edges {
            node {
              id
              title
              url
              publishedAtText
              author {
                name
                url
              }
            }
          }
        }
        previousDay {
          date
        }
        nextDay {
          date
        }
      }
    }
  `,
};

// ---------------------------------------------------------------------------------------
// PostGraphile's documents: the same pages in PostGraphile's own shapes. Visibility is
// spelled out (status PUBLISHED, published before now) since PostGraphile has no notion of
// it; urls and printed dates are a client's business there, so slugs and instants are read.

const pglSection = `categoryByCategoryId: { or: [{ slug: { equalTo: $category } }, { categoryByParentId: { slug: { equalTo: $category } } }] }`;

export const postgraphileDocuments = {
  article: /* GraphQL */ `
    query ArticlePage($slug: String!) {
      articleBySlug(slug: $slug) {
        id
        title
        slug
        lead
        dateline
        publishedAt
        status
        body
        authorByAuthorId {
          name
          slug
        }
        categoryByCategoryId {
          name
          slug
        }
        articleTagsByArticleId(orderBy: POSITION_ASC) {
          nodes {
            tagByTagId {
              name
              slug
            }
          }
        }
        articleImagesByArticleId(orderBy: POSITION_ASC) {
          nodes {
            src
            caption
            alt
            width
            height
          }
        }
        relatedArticlesList(n: 6) {
          id
          title
          slug
          publishedAt
          authorByAuthorId {
            name
            slug
          }
        }
      }
    }
  `,
  home: /* GraphQL */ `
    query HomePage($now: Datetime!) {
      allArticles(
        first: 20
        orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]
        filter: { status: { equalTo: PUBLISHED }, publishedAt: { lessThanOrEqualTo: $now } }
      ) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          slug
          lead
          publishedAt
          authorByAuthorId {
            name
            slug
          }
          categoryByCategoryId {
            name
            slug
          }
          articleTagsByArticleId(orderBy: POSITION_ASC) {
            nodes {
              tagByTagId {
                name
                slug
              }
            }
          }
        }
      }
    }
  `,
  tag: /* GraphQL */ `
    query TagPage($slug: String!, $after: Cursor, $now: Datetime!) {
      tagBySlug(slug: $slug) {
        name
        slug
        articleTagsByTagId(
          first: 20
          after: $after
          orderBy: [VISIBLE_AT_DESC, ARTICLE_ID_DESC]
          filter: { visibleAt: { lessThanOrEqualTo: $now } }
        ) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            articleByArticleId {
              id
              title
              slug
              lead
              publishedAt
              authorByAuthorId {
                name
                slug
              }
              categoryByCategoryId {
                name
                slug
              }
            }
          }
        }
      }
    }
  `,
  archive: /* GraphQL */ `query DailyArchive($category: String!, $start: Datetime!, $end: Datetime!, $now: Datetime!) {
  day: allArticles(first: 20, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC], filter: {
    status: { equalTo: PUBLISHED }, publishedAt: { greaterThanOrEqualTo: $start, lessThan: $end, lessThanOrEqualTo: $now }, ${pglSection} }) {
    totalCount
    nodes { id title slug publishedAt authorByAuthorId { name slug } }
  }
  previousDay: allArticles(first: 1, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC], filter: {
    status: { equalTo: PUBLISHED }, publishedAt: { lessThan: $start }, ${pglSection} }) { nodes { publishedAt } }
  nextDay: allArticles(first: 1, orderBy: [PUBLISHED_AT_ASC, ROW_ID_ASC], filter: {
    status: { equalTo: PUBLISHED }, publishedAt: { greaterThanOrEqualTo: $end, lessThanOrEqualTo: $now }, ${pglSection} }) { nodes { publishedAt } }
}`,
};

/** How a server is asked for one page; `cursor` is that server's own cursor for page 2. */
export type RequestBuilder = (ask: Ask, sample: Sample, cursor?: string) => HttpRequest | null;

const post = (query: string, variables: Record<string, unknown>): HttpRequest => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});

/** The gateway's search document, built from the field's arguments in schema.graphql. */
export function gatewayBuilder(searchDocument: string | null): RequestBuilder {
  return (ask, _sample, cursor) => {
    switch (ask.page) {
      case 'article':
        return post(gatewayDocuments.article, { slug: ask.slug });
      case 'home':
        return post(gatewayDocuments.home, {});
      case 'tag':
        return post(gatewayDocuments.tag, { slug: ask.slug, after: ask.secondPage ? cursor : null });
      case 'archive':
        return post(gatewayDocuments.archive, { date: ask.day.date, category: ask.day.category });
      case 'search':
        return searchDocument ? post(searchDocument, { query: ask.query }) : null;
    }
  };
}

export const postgraphileBuilder: RequestBuilder = (ask, sample, cursor) => {
  switch (ask.page) {
    case 'article':
      return post(postgraphileDocuments.article, { slug: ask.slug });
    case 'home':
      return post(postgraphileDocuments.home, { now: sample.now });
    case 'tag':
      return post(postgraphileDocuments.tag, { slug: ask.slug, after: ask.secondPage ? cursor : null, now: sample.now });
    case 'archive':
      return post(postgraphileDocuments.archive, { category: ask.day.category, start: ask.day.start, end: ask.day.end, now: sample.now });
    case 'search':
      return null;
  }
};

export const rawBuilder: RequestBuilder = (ask, _sample, cursor) => {
  const q = (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  switch (ask.page) {
    case 'article':
      return { method: 'GET', path: `/article?${q({ slug: ask.slug })}` };
    case 'home':
      return { method: 'GET', path: '/home' };
    case 'tag':
      return { method: 'GET', path: `/tag?${q({ slug: ask.slug, after: ask.secondPage ? cursor : undefined })}` };
    case 'archive':
      return { method: 'GET', path: `/archive?${q({ date: ask.day.date, category: ask.day.category })}` };
    case 'search':
      return null;
  }
};

/** Where a server's answer to a tag page keeps the cursor of its next page. */
export function endCursorOf(kind: 'graphql' | 'postgraphile' | 'raw', body: unknown): string | undefined {
  const data = (body as { data?: Record<string, any> }).data;
  if (kind === 'postgraphile') return data?.tagBySlug?.articleTagsByTagId?.pageInfo?.endCursor ?? undefined;
  return data?.tag?.articles?.pageInfo?.endCursor ?? undefined;
}

/** A search document for the gateway when it has a `search` field, else null. */
export function gatewaySearchDocument(schemaSdl: string): string | null {
  const query = /type Query \{([\s\S]*?)\n\}/.exec(schemaSdl)?.[1] ?? '';
  const field = /\n\s*search\(([\s\S]*?)\):\s*([A-Za-z]+)/.exec(query);
  if (!field) return null;
  const args = field[1]!;
  const argName = /\b(query|q|text|terms)\s*:/.exec(args)?.[1];
  if (!argName) return null;
  const typeName = field[2]!;
  const type = new RegExp(`type ${typeName}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(schemaSdl)?.[1] ?? '';
  // A connection of hits or of articles: ask for what a results page prints.
  const hasFirst = /\bfirst\s*:/.test(args);
  const call = `search(${argName}: $query${hasFirst ? ', first: 20' : ''})`;
  if (/\bedges\b/.test(type)) {
    const edgeType = /edges:\s*\[([A-Za-z]+)/.exec(type)?.[1] ?? '';
    const edge = new RegExp(`type ${edgeType}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(schemaSdl)?.[1] ?? '';
    const nodeType = /node:\s*([A-Za-z]+)/.exec(edge)?.[1] ?? 'Article';
    const node = nodeType === 'Article' ? 'id title url publishedAtText author { name url }' : searchHitSelection(schemaSdl, nodeType);
    const extras = ['snippet', 'score'].filter((f) => new RegExp(`\\n\\s*${f}\\s*:`).test(edge)).join(' ');
    return `query Search($query: String!) { ${call} { edges { ${extras} node { ${node} } } } }`;
  }
  return `query Search($query: String!) { ${call} { ${searchHitSelection(schemaSdl, typeName)} } }`;
}

function searchHitSelection(schemaSdl: string, typeName: string): string {
  const type = new RegExp(`type ${typeName}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(schemaSdl)?.[1] ?? '';
  const parts: string[] = [];
  if (/\n\s*article\s*:/.test(type)) parts.push('article { id title url publishedAtText author { name url } }');
  if (/\n\s*snippet\s*:\s*String/.test(type)) parts.push('snippet');
  if (/\n\s*score\s*:/.test(type)) parts.push('score');
  if (/\n\s*title\s*:/.test(type)) parts.push('id title url');
  return parts.length > 0 ? parts.join(' ') : '__typename';
}

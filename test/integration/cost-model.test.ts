/**
 * A cost model that sees everything a request will do (issue 13 item 1), checked before any
 * SQL: ids that arrive in variables are counted (`nodes(ids:)`, at most MAX_NODE_IDS) and each
 * costs what its selection costs, nested lists multiply by their sizes (`first` from
 * variables too), counts are priced. A document within the limits runs a fixed number of
 * statements, whatever the number of ids.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COUNT_PRICES } from '../../src/schema/counts.js';
import { loadCorpus } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

const NODES = `query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Article { title } ... on Tag { name } ... on Author { name } ... on Category { name } }
}`;

describeEachBackend('the cost model', ({ db }) => {
  let api: TestGateway;
  let ids: { articles: number[]; tags: number[]; authors: number[]; categories: number[] };
  beforeAll(async () => {
    await loadCorpus(db().prisma);
    const { prisma } = db();
    const pick = async (rows: Promise<{ id: number }[]>) => (await rows).map((row) => row.id);
    ids = {
      articles: await pick(prisma.article.findMany({ select: { id: true }, orderBy: { id: 'asc' } })),
      tags: await pick(prisma.tag.findMany({ select: { id: true } })),
      authors: await pick(prisma.author.findMany({ select: { id: true } })),
      categories: await pick(prisma.category.findMany({ select: { id: true } })),
    };
    api = createTestGateway(db(), { RATE_LIMIT_PER_MINUTE: '0', RESPONSE_CACHE: 'off' });
    // The publication dispatcher's first pass (at creation) sends statements of its own: let it end
    // before counting a request's.
    await api.publications.runOnce();
  });
  afterAll(() => api?.dispose());

  const mixedIds = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const kinds = [
        ['Article', ids.articles],
        ['Tag', ids.tags],
        ['Author', ids.authors],
        ['Category', ids.categories],
      ] as const;
      const [type, pool] = kinds[i % kinds.length]!;
      return globalId(type, pool[Math.floor(i / kinds.length) % pool.length]!);
    });

  it('loads nodes(ids:) in one statement per type: 8 ids and 100 ids cost the same statements', async () => {
    const small = await api.queryCountingStatements(NODES, { ids: mixedIds(8) });
    const large = await api.queryCountingStatements(NODES, { ids: mixedIds(100) });
    expect(small.response.errors).toBeUndefined();
    expect(large.response.errors).toBeUndefined();
    expect(large.response.data.nodes).toHaveLength(100);
    expect(large.response.data.nodes.every((node: unknown) => node !== null)).toBe(true);
    expect(small.statements.length).toBeLessThanOrEqual(4);
    expect(large.statements.length).toBe(small.statements.length);
  });

  it('answers hidden and unknown ids with null, in the order asked', async () => {
    const hidden = await db().prisma.article.findFirstOrThrow({ where: { status: 'DRAFT' }, select: { id: true } });
    const first = ids.articles[0]!;
    const response = await api.query(NODES, {
      ids: [globalId('Article', hidden.id), globalId('Article', first), globalId('Article', 2_147_483_647)],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.nodes.map((node: { id: string } | null) => node?.id ?? null)).toEqual([null, globalId('Article', first), null]);
  });

  it('refuses 20,000 ids with TOO_MANY_IDS, before any SQL', async () => {
    const { response, statements } = await api.queryCountingStatements(NODES, {
      ids: Array.from({ length: 20_000 }, (_, i) => globalId('Article', i + 1)),
    });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_IDS']);
    expect(statements).toEqual([]);
  });

  it('refuses 2,000 ids × relatedArticles(first: 20) as too costly, before any SQL, even where MAX_NODE_IDS allows them', async () => {
    const generous = createTestGateway(db(), { MAX_NODE_IDS: '5000', RATE_LIMIT_PER_MINUTE: '0' });
    try {
      await generous.publications.runOnce();
      const statements: string[] = [];
      const stop = db().onStatement((sql) => statements.push(sql));
      const response = await generous
        .query('query($ids: [ID!]!, $n: Int) { nodes(ids: $ids) { ... on Article { relatedArticles(first: $n) { title } } } }', {
          ids: Array.from({ length: 2000 }, (_, i) => globalId('Article', i + 1)),
          n: 20,
        })
        .finally(stop);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(statements).toEqual([]);
    } finally {
      await generous.dispose();
    }
  });

  it('multiplies nested connections by page sizes given in variables, and prices search counts', async () => {
    const nested = `query($a: Int, $b: Int) { tags(first: $a) { totalCount edges { node { articles(first: $b) { totalCount edges { node { title } } } } } } }`;
    const within = await api.queryCountingStatements(nested, { a: 5, b: 5 });
    expect(within.response.errors).toBeUndefined();
    const beyond = await api.queryCountingStatements(nested, { a: 100, b: 100 });
    expect(beyond.response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(beyond.statements).toEqual([]);
    // A search's count is dearer than a field: 25 counted searches are past a limit of 300
    // (without the price of their counts they would cost 125).
    const counts = `{ ${Array.from({ length: 25 }, (_, i) => `c${i}: search(query: "Lục Yên", first: 1) { totalCount }`).join(' ')} }`;
    const refused = await createTestGateway(db(), { MAX_ALIASES: '1000', RATE_LIMIT_PER_MINUTE: '0', MAX_COMPLEXITY: '300' });
    try {
      await refused.publications.runOnce();
      const { response, statements } = await refused.queryCountingStatements(counts);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(statements).toEqual([]);
    } finally {
      await refused.dispose();
    }
  });

  it('refuses a document of many counts at the default limit, before any SQL, while the same lists uncounted are answered', async () => {
    // 17 × (5 + the count's 300) is past 5000; the pages alone cost 17 × 8.
    const searches = (selection: string) =>
      `{ ${Array.from({ length: 17 }, (_, i) => `s${i}: search(query: "Lục Yên", first: 1) { ${selection} }`).join(' ')} }`;
    const counted = await api.queryCountingStatements(searches('totalCount'));
    expect(counted.response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(counted.response.errors?.[0]?.extensions).toMatchObject({ complexity: 17 * 5 + 17 * COUNT_PRICES.search, limit: 5000 });
    expect(counted.statements).toEqual([]);
    const uncounted = await api.query(searches('edges { node { title } }'));
    expect(uncounted.errors).toBeUndefined();
    // The price does not follow the page size: a counted page of 100 costs its rows and one count.
    const page = await api.query('{ search(query: "Lục Yên", first: 100) { totalCount edges { node { title } } } }');
    expect(page.errors).toBeUndefined();
  });
});

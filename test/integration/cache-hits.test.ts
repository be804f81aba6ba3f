/**
 * Response-cache hits answered before the pipeline (src/server/cache-hits.ts): the same
 * answer and headers as a miss, the rate limit and CSRF prevention still applied, persisted
 * operations still resolved; and concurrent misses of one document and variables coalesced
 * into one execution after a purge, while different variables are not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { createTaxonomy, publishArticle, type PublishedArticle } from '../support/caching.js';

const ARTICLE = `query Article($slug: String!) { article(slug: $slug) { id title tags { name } category { name } } }`;
const HOME = `query Home { articles(first: 5) { edges { node { id title } } } }`;
const HEADERS = ['content-type', 'cache-control', 'etag', 'vary', 'surrogate-key', 'cache-tag'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const getPath = (query: string, variables?: object) =>
  `/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;

/** Runs `work` and returns what it returned with the SQL statements sent meanwhile. */
async function counting<T>(db: () => { onStatement(listener: (sql: string) => void): () => void }, work: () => Promise<T>) {
  const statements: string[] = [];
  const stop = db().onStatement((sql) => statements.push(sql));
  try {
    return { value: await work(), statements };
  } finally {
    stop();
  }
}

describeEachBackend('response-cache hits before the pipeline', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  let articles: PublishedArticle[];
  /** Events are acted on once per id. */
  let purges = 1000;

  /** A purge of the articles (and every list), as a publication makes, then a millisecond: a response read in it is not stored. */
  async function purge(...purged: PublishedArticle[]) {
    const tags = ['List:Article', ...purged.map((article) => `Article:${article.id}`)];
    await api.publications.actOn({ id: -++purges, type: 'UPDATED', tags, article: null, toWebhook: false, dueAt: new Date() });
    const at = Date.now();
    while (Date.now() <= at) await new Promise((resolve) => setImmediate(resolve));
  }

  const post = (query: string, variables?: object, headers: Record<string, string> = {}) =>
    api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    api = createTestGateway(db(), { CSRF_PREVENTION: 'on', RATE_LIMIT_PER_MINUTE: '1000' }, createArticleEventBus());
    articles = [];
    for (const title of ['Lục Yên khai mạc lễ hội', 'Yên Bái đón khách', 'Mù Cang Chải mùa lúa chín']) {
      articles.push(await publishArticle(api, editor, { title, category: 'trong-tinh', author: 'duc-toan', tags: ['Lục Yên'] }));
    }
  });
  afterAll(async () => api?.dispose());

  it('answers a hit without SQL, with the body and the HTTP caching headers of the miss that stored it', async () => {
    const path = getPath(ARTICLE, { slug: articles[0]!.slug });
    const get = () => api.fetch(path, { headers: { 'x-graphql-csrf': '1' } });
    const miss = await counting(db, get);
    expect(miss.value.headers.get('cache-status')).toBe('news-gateway; fwd=miss; stored; ttl=60');
    const hit = await counting(db, get);
    expect(hit.statements).toEqual([]);
    expect(hit.value.headers.get('cache-status')).toBe('news-gateway; hit');
    for (const header of HEADERS) expect([header, hit.value.headers.get(header)]).toEqual([header, miss.value.headers.get(header)]);
    expect(hit.value.headers.get('surrogate-key')).toContain(`${articles[0]!.id}`);
    expect(await hit.value.text()).toBe(await miss.value.text());

    // A validator from the hit gets a 304, as from the pipeline.
    const revalidated = await api.fetch(path, { headers: { 'x-graphql-csrf': '1', 'if-none-match': hit.value.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('still refuses a GET without a CSRF header, and still counts hits against the rate limit', async () => {
    const path = getPath(HOME);
    await api.fetch(path, { headers: { 'x-graphql-csrf': '1' } });
    const forged = await api.fetch(path);
    expect(forged.status).toBe(403);
    expect((await forged.json()).errors[0].extensions.code).toBe('CSRF_PREVENTED');

    const limited = createTestGateway(db(), { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: (string | null)[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await limited.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: HOME }),
        });
        statuses.push(response.status === 429 ? 'RATE_LIMITED' : response.headers.get('cache-status'));
      }
      expect(statuses).toEqual(['news-gateway; fwd=miss; stored; ttl=60', 'news-gateway; hit', 'news-gateway; hit', 'RATE_LIMITED']);
    } finally {
      await limited.dispose();
    }
  });

  it('resolves a persisted query’s hash before answering from the cache', async () => {
    const query = `query Persisted { articles(first: 2) { edges { node { title } } } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const registered = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions }),
    });
    const byHash = await counting(db, () =>
      api.fetch(`/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { 'x-graphql-csrf': '1' } }),
    );
    expect(byHash.statements).toEqual([]);
    expect(byHash.value.headers.get('cache-status')).toBe('news-gateway; hit');
    expect(await byHash.value.json()).toEqual(await registered.json());
  });

  it('runs one execution for concurrent identical requests after a purge, and gives them all its answer', async () => {
    const variables = { slug: articles[1]!.slug };
    await purge(articles[1]!);
    const alone = await counting(db, () => post(ARTICLE, variables));
    expect(alone.statements.length).toBeGreaterThan(0);

    await purge(articles[1]!);
    const together = await counting(db, () => Promise.all(Array.from({ length: 8 }, () => post(ARTICLE, variables))));
    expect(together.statements).toHaveLength(alone.statements.length);
    const bodies = await Promise.all(together.value.map((response) => response.json()));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0].data.article.title).toBe('Yên Bái đón khách');
    const statuses = together.value.map((response) => response.headers.get('cache-status'));
    expect(statuses.filter((status) => status === 'news-gateway; fwd=miss; stored; ttl=60')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'news-gateway; fwd=miss; collapsed').length).toBeGreaterThan(0);
    // Whoever did not join came after the answer was stored.
    expect(statuses.every((status) => status !== 'news-gateway; fwd=miss' && status !== null)).toBe(true);
  });

  it('does not coalesce requests with different variables', async () => {
    await purge(articles[0]!, articles[2]!);
    const one = await counting(db, () => post(ARTICLE, { slug: articles[0]!.slug }));
    const other = await counting(db, () => post(ARTICLE, { slug: articles[2]!.slug }));
    expect(one.statements.length).toBeGreaterThan(0);

    await purge(articles[0]!, articles[2]!);
    const together = await counting(db, () =>
      Promise.all([post(ARTICLE, { slug: articles[0]!.slug }), post(ARTICLE, { slug: articles[2]!.slug })]),
    );
    expect(together.statements).toHaveLength(one.statements.length + other.statements.length);
    const [first, third] = await Promise.all(together.value.map((response) => response.json()));
    expect(first.data.article.title).toBe('Lục Yên khai mạc lễ hội');
    expect(third.data.article.title).toBe('Mù Cang Chải mùa lúa chín');
  });

  it('never coalesces or answers an editor’s request from the cache', async () => {
    await post(HOME); // stored for readers
    const asEditor = await counting(db, () => post(HOME, undefined, { authorization: `Bearer ${editor}` }));
    expect(asEditor.statements.length).toBeGreaterThan(0);
    expect(asEditor.value.headers.get('cache-status')).toBe('news-gateway; fwd=bypass');
  });
});

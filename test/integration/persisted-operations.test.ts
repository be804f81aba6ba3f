/**
 * Persisted operations: automatic persisted queries (Apollo's protocol, over GET too, in
 * memory or shared through Redis) and trusted documents (the committed manifest, `allow` and
 * `require`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { buildManifest, documentHash, loadManifest, manifestEntries, manifestFile, projectRoot } from '../../src/persisted/manifest.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { createTaxonomy, eventually, publishArticle, REDIS_URL, redisTestPrefix } from '../support/caching.js';

const entries = manifestEntries();
const hashOf = (operationName: string) => entries.find((entry) => entry.operationName === operationName)!.hash;
const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

/** A GET with only the hash, as mobile apps send a persisted query. */
function getByHash(api: TestGateway, hash: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const params = new URLSearchParams({ extensions: JSON.stringify(persisted(hash)) });
  if (variables) params.set('variables', JSON.stringify(variables));
  return api.fetch(`/graphql?${params}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
}

function post(api: TestGateway, body: Record<string, unknown>, token?: string) {
  return api.fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('persisted-operations.json', () => {
  it('is what `npm run persisted-manifest` writes from examples/operations and examples/editorial (run it after changing either)', () => {
    expect(readFileSync(manifestFile, 'utf8'), 'persisted-operations.json is stale: run `npm run persisted-manifest`').toBe(
      buildManifest(),
    );
  });

  it('holds every reader page and the CMS’s operations, each keyed by the SHA-256 of its text, valid against schema.graphql', () => {
    const manifest = loadManifest(manifestFile);
    const schema = buildSchema(readFileSync(path.join(projectRoot, 'schema.graphql'), 'utf8'));
    expect(entries.map((entry) => entry.operationName)).toEqual(
      expect.arrayContaining([
        'ArticlePage',
        'HomePage',
        'TagPage',
        'CategoriesMenu',
        'CreateArticle',
        'PublishArticle',
        'UnpublishArticle',
      ]),
    );
    for (const [hash, document] of manifest) {
      expect(documentHash(document)).toBe(hash);
      expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
    }
  });

  it('refuses a manifest whose keys are not the hashes of their documents', () => {
    expect(() => loadManifest(path.join(projectRoot, 'package.json'))).toThrow(/not the SHA-256/);
    expect(() => loadManifest(path.join(projectRoot, 'no-such-manifest.json'))).toThrow(/npm run persisted-manifest/);
  });
});

describeEachBackend('persisted operations', ({ db }) => {
  let editor: string;
  const home = hashOf('HomePage');

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    const setup = createTestGateway(db(), {}, createArticleEventBus());
    await publishArticle(setup, editor, { title: 'Tin cho ứng dụng di động', category: 'thoi-su', tags: ['Lục Yên'] });
  });

  describe('automatic persisted queries', () => {
    it('asks for the text once, then answers GETs by hash, cacheable like any reader GET', async () => {
      const api = createTestGateway(db());
      const query = `query Latest { articles(first: 3) { edges { node { id title } } } }`;
      const hash = documentHash(query);

      const unknown = await getByHash(api, hash);
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(unknown.headers.get('cache-control')).toBe('private, no-store');

      const registered = await post(api, { query, extensions: persisted(hash) });
      expect((await registered.json()).data.articles.edges[0].node.title).toBe('Tin cho ứng dụng di động');

      const byHash = await getByHash(api, hash);
      expect(byHash.status).toBe(200);
      expect((await byHash.json()).data.articles.edges).toHaveLength(1);
      expect(byHash.headers.get('cache-control')).toMatch(/^public, max-age=/);
      expect(byHash.headers.get('surrogate-key')).toContain('List:Article');
    });

    it('refuses a text that does not match its hash', async () => {
      const api = createTestGateway(db());
      const response = await post(api, { query: '{ categories { name } }', extensions: persisted('0'.repeat(64)) });
      expect((await response.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
    });

    it('is off with APQ=off', async () => {
      const api = createTestGateway(db(), { APQ: 'off' });
      const query = '{ categories { name } }';
      await post(api, { query, extensions: persisted(documentHash(query)) });
      const response = await getByHash(api, documentHash(query));
      expect((await response.json()).errors[0].message).toMatch(/query/i);
    });

    it('shares registered queries between replicas through Redis, under the key prefix, for a day', async () => {
      const keys = redisTestPrefix();
      const env = { REDIS_URL, REDIS_CACHE_PREFIX: keys.prefix };
      const a = createTestGateway(db(), env);
      const b = createTestGateway(db(), env);
      try {
        // The connection is made in the background and commands fail at once until it is ready.
        await eventually(() => expect(a.redis!.isReady() && b.redis!.isReady()).toBe(true));
        const query = `query Menu { categories { name children { name } } }`;
        const hash = documentHash(query);
        await post(a, { query, extensions: persisted(hash) });
        const onB = await getByHash(b, hash);
        expect((await onB.json()).data.categories.map((c: { name: string }) => c.name)).toContain('Thời sự');
        const redis = new Redis(REDIS_URL);
        try {
          expect(await redis.get(`${keys.prefix}apq:${hash}`)).toBe(query);
          expect(await redis.ttl(`${keys.prefix}apq:${hash}`)).toBeGreaterThan(86_000);
        } finally {
          await redis.quit();
        }
      } finally {
        await Promise.all([a.dispose(), b.dispose()]);
        await keys.cleanUp();
      }
    });
  });

  describe('trusted documents', () => {
    let strict: TestGateway;
    beforeAll(() => {
      strict = createTestGateway(db(), { TRUSTED_DOCUMENTS: 'require' });
    });
    afterAll(() => strict.dispose());

    it('require: runs the manifest’s operations by hash, over GET with variables, cached and tagged as usual', async () => {
      const response = await getByHash(strict, home, { first: 5 });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.articles.edges[0].node.title).toBe('Tin cho ứng dụng di động');
      expect(response.headers.get('surrogate-key')).toContain('List:Article');
      const again = await getByHash(strict, home, { first: 5 });
      expect(again.headers.get('cache-status')).toBe('news-gateway; hit');
    });

    it('require: refuses any query text with PERSISTED_QUERY_ONLY, and an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
      const text = await post(strict, { query: '{ categories { name } }' });
      expect(text.status).toBe(400);
      const textBody = await text.json();
      expect(textBody.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
      expect(textBody.errors[0].message).toMatch(/trusted documents/);
      expect(text.headers.get('cache-control')).toBe('private, no-store');

      // Not even the text of a trusted document, nor an APQ registration:
      const manifestText = entries.find((entry) => entry.operationName === 'CategoriesMenu')!.document;
      expect((await (await post(strict, { query: manifestText })).json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
      const query = '{ tags(first: 1) { totalCount } }';
      expect((await (await post(strict, { query, extensions: persisted(documentHash(query)) })).json()).errors[0].extensions.code).toBe(
        'PERSISTED_QUERY_ONLY',
      );

      const unknown = await getByHash(strict, 'f'.repeat(64));
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await (await post(strict, {})).json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    });

    it('require: editors write through the CMS documents in the manifest, and nothing else', async () => {
      const created = await post(
        strict,
        { extensions: persisted(hashOf('CreateArticle')), variables: { input: { title: 'Bài từ CMS' } } },
        editor,
      );
      const { data } = await created.json();
      expect(data.createArticle.__typename).toBe('MutationCreateArticleSuccess');
      const published = await post(
        strict,
        { extensions: persisted(hashOf('PublishArticle')), variables: { id: data.createArticle.data.id } },
        editor,
      );
      expect((await published.json()).data.publishArticle.data.status).toBe('PUBLISHED');

      const adHoc = await post(strict, { query: 'mutation { createTag(input: { name: "Ngoài danh sách" }) { __typename } }' }, editor);
      expect((await adHoc.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    });

    it('allow: the manifest’s hashes work without registration, and other operations still run', async () => {
      for (const env of [{ TRUSTED_DOCUMENTS: 'allow' }, { TRUSTED_DOCUMENTS: 'allow', APQ: 'off' }] as Record<string, string>[]) {
        const api = createTestGateway(db(), env);
        const byHash = await (await getByHash(api, hashOf('CategoriesMenu'))).json();
        expect(byHash.data.categories.map((c: { slug: string }) => c.slug)).toContain('thoi-su');
        const text = await (await post(api, { query: '{ categories { slug } }' })).json();
        expect(text.errors).toBeUndefined();
        const unknown = await getByHash(api, 'e'.repeat(64));
        expect((await unknown.json()).errors[0].extensions.code, JSON.stringify(env)).toBe('PERSISTED_QUERY_NOT_FOUND');
        await api.dispose();
      }
    });

    it('refuses to start without a readable manifest', () => {
      expect(() => createTestGateway(db(), { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: 'missing.json' })).toThrow(
        /trusted-documents manifest .*missing\.json/,
      );
    });
  });
});

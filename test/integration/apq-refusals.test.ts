/**
 * APQ keeps only documents it would run (issue 13 item 6): a registration refused for its
 * size, its shape or its arguments is not stored, in Redis or in memory; one over
 * APQ_MAX_DOCUMENT_BYTES runs (when within the limits) but is not kept either.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash } from '../../src/persisted/manifest.js';
import { BoundedDocumentStore } from '../../src/server/automatic-persisted-queries.js';
import { REDIS_URL, redisTestPrefix } from '../support/caching.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

async function register(api: TestGateway, query: string, variables?: Record<string, unknown>) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables, extensions: persisted(documentHash(query)) }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

async function byHash(api: TestGateway, query: string) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ extensions: persisted(documentHash(query)) }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** 40 registrations the gateway must not keep, each a different document. */
function refusedRegistrations(): { query: string; variables?: Record<string, unknown>; code: string | null }[] {
  return Array.from({ length: 40 }, (_, i) => {
    switch (i % 4) {
      case 0: // over MAX_TOKENS: refused at parse
        return { query: `{ ${Array.from({ length: 1200 }, (_, k) => `f${i}_${k}: __typename`).join(' ')} }`, code: 'QUERY_TOO_LARGE' };
      case 1: // a 0.9 MB document of comments: within every limit, runs, but too big to keep
        return { query: `# ${'x'.repeat(900_000)} ${i}\n{ __typename }`, code: null };
      case 2: // unknown directives
        return { query: `{ __typename @aa${i} }`, code: 'UNKNOWN_DIRECTIVE' };
      default: // a bad argument
        return { query: `query R${i}($s: String!) { tag(slug: $s) { name } }`, variables: { s: '\u0000' }, code: 'BAD_USER_INPUT' };
    }
  });
}

describe('APQ stores no refused or oversized document [postgres]', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(() => db?.drop());

  it('in Redis: 40 such registrations leave the key count unchanged; an ordinary one is kept', async () => {
    const keys = redisTestPrefix();
    const api = createTestGateway(db, { REDIS_URL, REDIS_CACHE_PREFIX: keys.prefix, RESPONSE_CACHE: 'off', RATE_LIMIT_PER_MINUTE: '0' });
    const redis = new Redis(REDIS_URL);
    try {
      const before = (await keys.keys()).length;
      for (const { query, variables, code } of refusedRegistrations()) {
        const response = await register(api, query, variables);
        expect(response.errors?.[0]?.extensions?.code ?? null).toBe(code);
      }
      expect((await keys.keys()).length).toBe(before);

      const ordinary = 'query Menu { categories { name } }';
      expect((await register(api, ordinary)).errors).toBeUndefined();
      expect(await redis.get(`${keys.prefix}apq:${documentHash(ordinary)}`)).toBe(ordinary);
      expect((await keys.keys()).length).toBe(before + 1);
    } finally {
      await redis.quit();
      await api.dispose();
      await keys.cleanUp();
    }
  });

  it('in memory: none of them can be fetched by hash afterwards; an ordinary one can', async () => {
    const api = createTestGateway(db, { RESPONSE_CACHE: 'off', RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const registrations = refusedRegistrations();
      for (const { query, variables } of registrations) await register(api, query, variables);
      for (const { query } of registrations) {
        expect((await byHash(api, query)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      }
      const ordinary = 'query Menu { categories { name } }';
      await register(api, ordinary);
      expect(await byHash(api, ordinary)).toEqual({ data: { categories: [] } });
    } finally {
      await api.dispose();
    }
  });
});

describe('BoundedDocumentStore', () => {
  it('keeps at most its entries and bytes, dropping the least recently used first', () => {
    const store = new BoundedDocumentStore(3, 100);
    store.set('a', 'x'.repeat(30));
    store.set('b', 'y'.repeat(30));
    store.set('c', 'z'.repeat(30));
    expect(store.get('a')).toBe('x'.repeat(30)); // a is now the most recent
    store.set('d', 'w'.repeat(30)); // four entries: b goes
    expect([store.get('b'), store.size]).toEqual([null, 3]);
    store.set('e', 'v'.repeat(60)); // 150 bytes: the oldest go until it fits
    expect(store.totalBytes).toBeLessThanOrEqual(100);
    expect(store.get('e')).toBe('v'.repeat(60));
    store.set('huge', 'h'.repeat(101)); // larger than the whole store: not kept
    expect(store.get('huge')).toBeNull();
    expect(store.totalBytes).toBeLessThanOrEqual(100);
  });

  it('forgets a document after its time to live', () => {
    let now = 0;
    const store = new BoundedDocumentStore(10, 1000, 1000, () => now);
    store.set('a', 'query');
    now = 999;
    expect(store.get('a')).toBe('query');
    now = 2000;
    expect([store.get('a'), store.totalBytes]).toEqual([null, 0]);
  });
});

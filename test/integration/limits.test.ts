import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { eventually, REDIS_URL, redisTestPrefix } from '../support/caching.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

describe('abuse limits: a coded error and no database work', () => {
  let db: TestDatabase;
  let api: TestGateway;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    api = createTestGateway(db, { MAX_DEPTH: '6', MAX_ALIASES: '3', MAX_DIRECTIVES: '3', MAX_TOKENS: '400', MAX_COMPLEXITY: '500' });
  });
  afterAll(() => db?.drop());

  const nested = (levels: number) => {
    let selection = 'name';
    for (let i = 0; i < levels; i++) selection = `parent { ${selection} }`;
    return `{ categories { ${selection} } }`;
  };
  const cases: [string, string, string][] = [
    ['too deep', nested(8), 'QUERY_TOO_DEEP'],
    [
      'too many aliases',
      '{ a: tags { totalCount } b: tags { totalCount } c: tags { totalCount } d: tags { totalCount } }',
      'TOO_MANY_ALIASES',
    ],
    [
      'too many directives',
      '{ tags @include(if: true) @skip(if: false) { totalCount @include(if: true) @skip(if: false) } }',
      'TOO_MANY_DIRECTIVES',
    ],
    ['too many tokens', `{ ${Array.from({ length: 150 }, (_, i) => `f${i}: __typename`).join(' ')} }`, 'QUERY_TOO_LARGE'],
    ['too costly', '{ articles(first: 100) { edges { node { relatedArticles(first: 20) { title } } } } }', 'QUERY_TOO_COMPLEX'],
  ];
  for (const [name, query, code] of cases) {
    it(`refuses a query ${name} with ${code}`, async () => {
      const { response, statements } = await api.queryCountingStatements(query);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(statements).toEqual([]);
    });
  }

  it('accepts an ordinary page within every limit', async () => {
    const { response } = await api.queryCountingStatements(
      '{ articles(first: 20) { edges { node { title relatedArticles(first: 6) { title } } } } }',
    );
    expect(response.errors).toBeUndefined();
  });

  it('costs the same document anew for each set of variables and operation, however often it is sent', async () => {
    const document = `query Page($n: Int!) { articles(first: $n) { edges { node { relatedArticles(first: $n) { title } } } } }
      query Small { articles(first: 1) { edges { node { title } } } }`;
    const ask = async (operationName: string, variables: Record<string, unknown>) => {
      const statements: string[] = [];
      const stop = db.onStatement((sql) => statements.push(sql));
      try {
        const response = await api.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: document, variables, operationName }),
        });
        return { response: (await response.json()) as { errors?: { extensions?: { code?: string } }[] }, statements };
      } finally {
        stop();
      }
    };
    // Below, above, below again, above again: a remembered verdict is never another's.
    for (const round of [1, 2]) {
      const cheap = await ask('Page', { n: 5 });
      expect(cheap.response.errors, `round ${round}`).toBeUndefined();
      const costly = await ask('Page', { n: 40 });
      expect(costly.response.errors?.[0]?.extensions?.code, `round ${round}`).toBe('QUERY_TOO_COMPLEX');
      expect(costly.statements).toEqual([]);
      expect((await ask('Small', { n: 40 })).response.errors, `round ${round}`).toBeUndefined();
    }
  });

  it('turns batched requests off unless BATCH_LIMIT allows them, and caps them', async () => {
    const batch = (count: number) => JSON.stringify(Array.from({ length: count }, () => ({ query: '{ __typename }' })));
    const post = (gateway: TestGateway, body: string) =>
      gateway.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const off = await post(api, batch(2));
    expect(off.status).toBe(400);
    const capped = createTestGateway(db, { BATCH_LIMIT: '2' });
    expect((await (await post(capped, batch(2))).json()).length).toBe(2);
    const over = await post(capped, batch(3));
    expect(over.status).toBeGreaterThanOrEqual(400);
  });
});

describe('introspection and suggestions in production', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db?.drop());

  it('refuses introspection and hides field suggestions, unless INTROSPECTION=true', async () => {
    const production = createTestGateway(db, { NODE_ENV: 'production' });
    const introspection = await production.query('{ __schema { types { name } } }');
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await production.query('{ artcles { totalCount } }');
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
    const development = createTestGateway(db, { NODE_ENV: 'development' });
    expect((await development.query('{ artcles { totalCount } }')).errors?.[0]?.message).toMatch(/Did you mean "articles"/);
    const enabled = createTestGateway(db, { NODE_ENV: 'production', INTROSPECTION: 'true' });
    expect((await enabled.query('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('requires a preflight header on GET when CSRF prevention is on (the default in production)', async () => {
    const production = createTestGateway(db, { NODE_ENV: 'production' });
    const url = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await production.fetch(url);
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('CSRF_PREVENTED');
    expect(body.errors[0].message).toContain('x-graphql-csrf');
    const formPost = await production.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('{ __typename }')}`,
    });
    expect(formPost.status).toBe(403);
    expect((await formPost.json()).errors[0].extensions.code).toBe('CSRF_PREVENTED');
    const withHeader = await production.fetch(url, { headers: { 'x-graphql-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('rate limits per client', () => {
  let db: TestDatabase;
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  const cleanUps: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.dispose()));
    await Promise.all(cleanUps.map((cleanUp) => cleanUp()));
    await db?.drop();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a client spends its budget, in memory', async () => {
    const api = createTestGateway(db, { RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await api.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await last!.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('shares one budget across replicas through Redis', async () => {
    // A unique client per run: the budget lives in the real Redis for a minute (and under a
    // key prefix of this run's: an unknown token counts against the address, here "unknown").
    const token = `Bearer ngw_${randomUUID().replace(/-/g, '').padEnd(43, 'x').slice(0, 43)}`;
    const prefix = redisTestPrefix();
    cleanUps.push(() => prefix.cleanUp());
    const replicas = [0, 1].map(() => {
      const gateway = createTestGateway(db, { RATE_LIMIT_PER_MINUTE: '3', REDIS_URL, REDIS_CACHE_PREFIX: prefix.prefix });
      gateways.push(gateway);
      return gateway;
    });
    // Until its connection is up, a replica counts in its own memory (Redis is optional).
    await eventually(() => expect(replicas.every((replica) => replica.redis!.isReady())).toBe(true));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await replicas[i % 2]!.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: '{"query":"{ __typename }"}',
      });
      statuses.push(response.status);
    }
    // The token is unknown, so the allowed ones fail authentication (401); the fourth is refused first.
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

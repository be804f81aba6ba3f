/**
 * Rate limits that hold (issue 13 item 5), counted in the real Redis, each test under a key
 * prefix of its own: unknown bearer tokens spend their sender's address budget and are
 * refused before they are looked up; X-Forwarded-For names the client as far as
 * TRUSTED_PROXY_HOPS trusts it; editors have a budget of their own, per token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, REDIS_URL, redisTestPrefix } from '../support/caching.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const randomToken = () => `ngw_${randomBytes(32).toString('base64url').slice(0, 43)}`;

describe('rate limits against Redis [postgres]', () => {
  let db: TestDatabase;
  const opened: TestGateway[] = [];
  const prefixes: ReturnType<typeof redisTestPrefix>[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await Promise.all(opened.map((api) => api.dispose()));
    await Promise.all(prefixes.map((prefix) => prefix.cleanUp()));
    await db?.drop();
  });

  async function gateway(env: Record<string, string>) {
    const prefix = redisTestPrefix();
    prefixes.push(prefix);
    const api = createTestGateway(db, { REDIS_URL, REDIS_CACHE_PREFIX: prefix.prefix, ...env });
    opened.push(api);
    await eventually(() => expect(api.redis!.isReady()).toBe(true));
    return { api, prefix };
  }

  async function send(api: TestGateway, headers: Record<string, string> = {}) {
    const statements: string[] = [];
    const stop = db.onStatement((sql) => statements.push(sql));
    try {
      const response = await api.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"query":"{ __typename }"}',
      });
      return { status: response.status, body: await response.json(), statements };
    } finally {
      stop();
    }
  }

  it('counts random well-formed bearer tokens against the address, and refuses them before any lookup', async () => {
    const { api, prefix } = await gateway({ RATE_LIMIT_PER_MINUTE: '5' });
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await send(api, { authorization: `Bearer ${randomToken()}` }));
    expect(results.map((result) => result.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(results[0]!.statements.length).toBeGreaterThan(0); // the lookup
    expect(results[5]!.statements).toEqual([]);
    expect(results[5]!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await prefix.keys()).some((key) => key.includes('gateway-rate:ip:'))).toBe(true);
    // The address is spent: it cannot read anonymously either.
    expect((await send(api)).status).toBe(429);
  });

  it('takes the client from X-Forwarded-For behind TRUSTED_PROXY_HOPS proxies, and ignores it otherwise', async () => {
    const behindProxy = (await gateway({ RATE_LIMIT_PER_MINUTE: '2', TRUSTED_PROXY_HOPS: '1' })).api;
    const a = { 'x-forwarded-for': '198.51.100.7, 203.0.113.1' };
    const b = { 'x-forwarded-for': '198.51.100.7, 203.0.113.2' };
    const statuses = [];
    for (const headers of [a, a, a, b, b, b]) statuses.push((await send(behindProxy, headers)).status);
    // Two clients (the last hop), whatever they wrote before it: two budgets of two.
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);

    const direct = (await gateway({ RATE_LIMIT_PER_MINUTE: '2' })).api;
    const forged = [];
    for (let i = 1; i <= 3; i++) forged.push((await send(direct, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(forged).toEqual([200, 200, 429]);
  });

  it('gives editors a budget per token, apart from their address', async () => {
    const { api } = await gateway({ RATE_LIMIT_PER_MINUTE: '2', EDITOR_RATE_LIMIT_PER_MINUTE: '4' });
    const [first, second] = [await createEditorToken(db.prisma), await createEditorToken(db.prisma)];
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(api, { authorization: `Bearer ${first}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await send(api, { authorization: `Bearer ${first}` });
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another editor at the same address has a budget of its own, and readers there still have theirs.
    expect((await send(api, { authorization: `Bearer ${second}` })).status).toBe(200);
    expect([(await send(api)).status, (await send(api)).status, (await send(api)).status]).toEqual([200, 200, 429]);
  });
});

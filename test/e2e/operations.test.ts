import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { REDIS_URL, redisTestPrefix } from '../support/caching.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';
import { eventually } from '../support/timeouts.js';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('operating the gateway (a real server on PostgreSQL)', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let token: string;
  const redisKeys = redisTestPrefix();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await db.prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2024, 2, 4 - i, 3));
      await db.prisma.article.create({
        data: { slug: `tin-${i}`, title: `Tin ${i}`, status: 'PUBLISHED', publishedAt: at, updatedAt: at },
      });
    }
    token = await createEditorToken(db.prisma);
    // No statement timeout here: on a loaded machine an ordinary request may take a while.
    // The test about timeouts starts a server of its own with a short one.
    server = await startServer({
      DATABASE_URL: db.url!,
      REDIS_URL,
      REDIS_CACHE_PREFIX: redisKeys.prefix,
      MAX_BODY_BYTES: '20000',
      STATEMENT_TIMEOUT_MS: '0',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await redisKeys.cleanUp();
  });

  const base = () => server.url.replace(/\/graphql$/, '');

  it('says it is alive and ready, with what it checked', async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Readiness is polled, as a load balancer does: on a busy machine one check may be slow.
    await eventually(async () => {
      const ready = await fetch(`${base()}/readyz`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: { ok: true }, migrations: { ok: true }, redis: { ok: true } },
      });
      expect(ready.status).toBe(200);
    });
  });

  it('exposes Prometheus metrics, SQL statements per request included', async () => {
    await postQuery(server.url, 'query Homepage { articles(first: 3) { edges { node { title } } } }');
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/graphql_envelop_request_duration_bucket\{[^}]*operationName="Homepage"/);
    expect(text).toMatch(/gateway_sql_statements_per_request_count [1-9]/);
  });

  it('logs one JSON line per request with its id, operation and statements, and never the token', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'trace-abc-123' },
      body: JSON.stringify({ query: 'query WhoAmI { me { name } }', operationName: 'WhoAmI' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    // The log line is written as the response ends: wait for it.
    const line = await server.waitForOutput(/^.*"trace-abc-123".*$/m);
    expect(JSON.parse(line)).toMatchObject({ requestId: 'trace-abc-123', operationName: 'WhoAmI', status: 200, msg: 'request' });
    expect(JSON.parse(line).sqlStatements).toBeGreaterThan(0);
    expect(server.output()).not.toContain(token);
  });

  it('puts the request id in every error, matching the response header', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ articles(first: 1000) { totalCount } }"}',
    });
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(body.errors[0].extensions.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(30_000)}` }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
  });

  it('fails fast with DATABASE_TIMEOUT when a statement runs past the timeout, and serves again after', async () => {
    const timing = await startServer({ DATABASE_URL: db.url!, STATEMENT_TIMEOUT_MS: '1500' });
    const locker = new pg.Client({ connectionString: db.url! });
    try {
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "Article" IN ACCESS EXCLUSIVE MODE');
      // The lock is released only after the answer: an answer at all proves the gateway gave up
      // waiting on its own (no wall-clock bound to miss on a busy machine).
      const { status, body } = await postQuery(timing.url, '{ articles(first: 2) { totalCount } }');
      await locker.query('ROLLBACK');
      expect(status).toBe(503);
      expect(body.errors?.[0]?.extensions?.code).toBe('DATABASE_TIMEOUT');
      expect((await postQuery(timing.url, '{ articles(first: 2) { totalCount } }')).body.data.articles.totalCount).toBe(5);
    } finally {
      await locker.end();
      await timing.stop();
    }
  });

  it('recovers by itself after its database connections are killed', async () => {
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${new URL(db.url!).pathname.slice(1)}' AND pid <> pg_backend_pid()`,
    );
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await postQuery(server.url, '{ articles(first: 1) { totalCount } }'));
    // The first may fail (coded, fast); the gateway must be serving again by the last.
    for (const result of results) {
      if (result.body.errors) expect(result.body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    }
    expect(results.at(-1)!.body.data.articles.totalCount).toBe(5);
  });
});

describe('graceful shutdown and an unreachable database', () => {
  it('on SIGTERM finishes the requests in flight, then exits', async () => {
    const db = await createTestDatabase('postgres');
    const server = await startServer({ DATABASE_URL: db.url!, STATEMENT_TIMEOUT_MS: '0' });
    const locker = new pg.Client({ connectionString: db.url! });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "Article" IN ACCESS EXCLUSIVE MODE');
    // Three requests stuck behind the lock (PostgreSQL shows them waiting)… (three documents:
    // identical ones would be coalesced into one execution, src/server/cache-hits.ts)
    const inFlight = [1, 2, 3].map((first) => postQuery(server.url, `{ articles(first: ${first}) { totalCount } }`));
    const database = new URL(db.url!).pathname.slice(1);
    await eventually(async () => {
      const waiting = await admin(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${database}' AND wait_event_type = 'Lock'`,
      );
      expect(waiting.rows[0].n).toBe(3);
    });
    const exited = server.stop();
    // Wait until the server has taken the signal in (a loaded machine may take a while).
    await server.waitForOutput(/SIGTERM: no new connections/);
    // …new connections are refused once shutdown began…
    await expect(
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
    ).rejects.toThrow();
    // …and the stuck ones complete when the lock goes.
    await locker.query('ROLLBACK');
    await locker.end();
    const results = await Promise.all(inFlight);
    expect(results.map((r) => [r.status, r.body.data?.articles?.totalCount])).toEqual([
      [200, 0],
      [200, 0],
      [200, 0],
    ]);
    expect(await exited).toBe(0);
    await db.drop();
  });

  it('answers DATABASE_UNAVAILABLE and /readyz 503 while its database is gone, and recovers when it is back', async () => {
    const db = await createTestDatabase('postgres');
    const url = db.url!;
    const name = new URL(url).pathname.slice(1);
    const server = await startServer({ DATABASE_URL: url });
    try {
      await admin(`DROP DATABASE "${name}" WITH (FORCE)`);
      const down = await postQuery(server.url, '{ articles(first: 1) { totalCount } }');
      expect(down.status).toBe(503);
      expect(down.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      const notReady = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
      expect(notReady.status).toBe(503);
      expect((await notReady.json()).checks.database.ok).toBe(false);

      await admin(`CREATE DATABASE "${name}"`);
      const restored = await openDatabase({ url });
      await applyMigrations(restored.adapterFactory);
      await restored.close();
      const recovered = await eventually(async () => {
        const answer = await postQuery(server.url, '{ articles(first: 1) { totalCount } }');
        expect(answer.body.data?.articles).toBeDefined();
        return answer;
      });
      expect(recovered.body.data.articles.totalCount).toBe(0);
      expect((await fetch(server.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    } finally {
      await server.stop();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});

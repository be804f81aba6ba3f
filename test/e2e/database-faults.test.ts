/**
 * A database that freezes, stops or is saturated under load: every request gets a coded 503
 * within the configured bounds (never a hang), /readyz says the replica cannot serve, /healthz
 * that it lives; when the database is back the same process serves again, unrestarted.
 * The database is a throwaway server of this test's own, frozen with SIGSTOP.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { bound, eventually } from '../support/timeouts.js';

const STATEMENT_TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 1500;
const READINESS_TIMEOUT_MS = 1000;
/** The longest a request may wait: a connection, then one statement's answer. */
const REQUEST_BOUND_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS;
/** What a loaded machine adds; far below the time the database stays unavailable. */
const SLACK_MS = bound(10_000);
/** The database stays frozen until the clients are done, or this long: a hung request would show as this. */
const FREEZE_CAP_MS = REQUEST_BOUND_MS + SLACK_MS + bound(30_000);

const QUERY = '{ articles(first: 2) { totalCount edges { node { title } } } }';

interface Outcome {
  status: number;
  code: string | null;
  ms: number;
}

async function ask(url: string): Promise<Outcome> {
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? null, ms: Date.now() - started };
}

/** `clients` concurrent clients, each sending `each` requests one after the other. */
async function load(url: string, clients: number, each: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < each; i++) outcomes.push(await ask(url));
    }),
  );
  return outcomes;
}

async function probe(url: string, path: '/readyz' | '/healthz') {
  const started = Date.now();
  const response = await fetch(url.replace(/\/graphql$/, path));
  return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
}

function expectServing(outcomes: Outcome[]) {
  expect(outcomes.map((o) => [o.status, o.code])).toEqual(outcomes.map(() => [200, null]));
}

function expectCodedWithinBound(outcomes: Outcome[], codes: string[]) {
  for (const outcome of outcomes) {
    expect(outcome.status).toBe(503);
    expect(codes).toContain(outcome.code);
    expect(outcome.ms).toBeLessThan(REQUEST_BOUND_MS + SLACK_MS);
  }
}

describe('PostgreSQL frozen, stopped or saturated under load', () => {
  let database: ThrowawayPostgres;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    database = await startThrowawayPostgres();
    await database.sql('CREATE DATABASE gateway');
    url = database.url({ database: 'gateway' });
    const db = await openDatabase({ url });
    await applyMigrations(db.adapterFactory);
    await db.close();
    server = await startServer({
      DATABASE_URL: url,
      STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DATABASE_POOL_SIZE: '4',
      READINESS_TIMEOUT_MS: String(READINESS_TIMEOUT_MS),
      RESPONSE_CACHE: 'off',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expectServing(await load(server.url, 6, 2));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.destroy();
  });

  /** The same process serves again, and says it is ready. */
  async function expectRecovered() {
    await eventually(async () => expectServing(await load(server.url, 6, 1)));
    await eventually(async () => expect((await probe(server.url, '/readyz')).status).toBe(200));
  }

  it('frozen (SIGSTOP): DATABASE_TIMEOUT or DATABASE_UNAVAILABLE within the bounds, not ready, alive; then serves again', async () => {
    await database.freeze();
    const safety = setTimeout(() => void database.thaw(), FREEZE_CAP_MS);
    try {
      const [outcomes, ready, health] = await Promise.all([
        load(server.url, 6, 3),
        probe(server.url, '/readyz'),
        probe(server.url, '/healthz'),
      ]);
      expectCodedWithinBound(outcomes, ['DATABASE_TIMEOUT', 'DATABASE_UNAVAILABLE']);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database.ok).toBe(false);
      expect(ready.ms).toBeLessThan(READINESS_TIMEOUT_MS + SLACK_MS);
      expect(health.status).toBe(200);
    } finally {
      clearTimeout(safety);
      await database.thaw();
    }
    await expectRecovered();
  });

  it('stopped: DATABASE_UNAVAILABLE at once, not ready; restarted on the same port: serves again', async () => {
    await database.stop();
    try {
      const [outcomes, ready] = await Promise.all([load(server.url, 6, 3), probe(server.url, '/readyz')]);
      expectCodedWithinBound(outcomes, ['DATABASE_UNAVAILABLE']);
      expect(ready.status).toBe(503);
    } finally {
      await database.start();
    }
    await expectRecovered();
  });

  it('saturated (a lock holds every pooled connection): DATABASE_TIMEOUT within the bounds; then serves again', async () => {
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "Article" IN ACCESS EXCLUSIVE MODE');
      // 12 clients on a pool of 4: most wait for a connection, the others for the lock.
      const outcomes = await load(server.url, 12, 2);
      expectCodedWithinBound(outcomes, ['DATABASE_TIMEOUT']);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
    await expectRecovered();
  });
});

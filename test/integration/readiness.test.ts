/**
 * /readyz decides on the database alone: with Redis unreachable the replica still serves (and
 * says it is degraded), so a Redis outage cannot take every replica out of the balancer; a
 * database that does not answer makes it not ready within READINESS_TIMEOUT_MS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { eventually, freePort } from '../support/timeouts.js';

describe('readiness', () => {
  let db: TestDatabase;
  let api: TestGateway;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // Nothing listens there: Redis is down for the whole test.
    api = createTestGateway(db, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, READINESS_TIMEOUT_MS: '1000' });
    // The first statement of a client starts its query compiler and pool: not what readiness is about.
    await api.query('{ articles(first: 1) { totalCount } }');
  });
  afterAll(async () => {
    await api?.dispose();
    await db?.drop();
  });

  it('is ready, degraded, while Redis is unreachable and the database answers', async () => {
    // Polled, as a balancer does (one check may be slow on a loaded machine); were Redis deciding, it would never be 200.
    const body = await eventually(async () => {
      const response = await api.fetch('/readyz');
      const answer = await response.json();
      expect(response.status, JSON.stringify(answer)).toBe(200);
      return answer;
    });
    expect(body.status).toBe('degraded');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.migrations).toEqual({ ok: true });
    expect(body.checks.redis.ok).toBe(false);
  });

  it('is alive regardless', async () => {
    expect((await api.fetch('/healthz')).status).toBe(200);
  });

  it('is not ready when the database does not answer within READINESS_TIMEOUT_MS', async () => {
    // A lock on the migrations table holds the readiness query, as a frozen server would.
    const locker = await createLock(db.url!);
    try {
      const response = await api.fetch('/readyz');
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.status).toBe('unavailable');
      expect(body.checks.database).toEqual({ ok: false, detail: 'no answer in 1000 ms' });
    } finally {
      await locker.release();
    }
    expect((await api.fetch('/readyz')).status).toBe(200);
  });
});

async function createLock(url: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE _prisma_migrations IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/**
 * A statement that times out on the client side (the server frozen mid-transaction) must not
 * leave its connection in the pool: the next writes on it would join the abandoned transaction
 * and vanish while reporting success. A throwaway PostgreSQL of the test's own is frozen.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { eventually } from '../support/timeouts.js';

let server: ThrowawayPostgres;
let db: Database;
let url: string;

beforeAll(async () => {
  server = await startThrowawayPostgres();
  await server.sql('CREATE DATABASE pool_timeouts');
  await server.sql('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)', 'pool_timeouts');
  url = server.url({ database: 'pool_timeouts' });
  // One connection, so the writes after the freeze reuse the transaction's if it is kept.
  db = await openDatabase({ url, statementTimeoutMs: 1000, queryTimeoutMs: 2000, connectTimeoutMs: 1500, poolSize: 1 });
});
afterAll(async () => {
  await db?.close();
  await server?.destroy();
});

it('writes after a transaction timed out on a frozen server are committed, not swallowed by it', async () => {
  await db.prisma.$executeRawUnsafe("INSERT INTO notes (body) VALUES ('before')");
  await expect(
    db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO notes (body) VALUES ('in the transaction')");
        await server.freeze();
        await tx.$executeRawUnsafe("INSERT INTO notes (body) VALUES ('never answered')");
      },
      { timeout: 60_000 },
    ),
  ).rejects.toThrow(/Query read timeout/);
  await server.thaw();

  // The pool recovers by itself; each write reports success…
  await eventually(() => db.prisma.$executeRawUnsafe("INSERT INTO notes (body) VALUES ('after 1')"));
  await db.prisma.$executeRawUnsafe("INSERT INTO notes (body) VALUES ('after 2')");
  // …and is really there for everyone else; the abandoned transaction is rolled back.
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    const { rows } = await other.query('SELECT body FROM notes ORDER BY id');
    expect(rows.map((row) => row.body)).toEqual(['before', 'after 1', 'after 2']);
  } finally {
    await other.end();
  }
});

/**
 * Every integration test file runs against both backends, each in a database of its own:
 * an in-memory PGlite, and a fresh database on the real PostgreSQL server, created with a
 * unique name and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/migrations.js';

export type Backend = 'pglite' | 'postgres';
export const backends: Backend[] = ['pglite', 'postgres'];

/**
 * The server the tests create their databases on (trust auth on loopback): TEST_DATABASE_URL,
 * a URL with the right to CREATE DATABASE (TEST_POSTGRES_URL, its former name, still works).
 */
export const postgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** For postgres: the URL of this test's own database. */
  url: string | null;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(backend: Backend, { migrate = true } = {}): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ dataDir: null });
    if (migrate) await applyMigrations(db.adapterFactory);
    return { ...db, url: null, drop: () => db.close() };
  }
  const name = `gateway_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  if (migrate) await applyMigrations(db.adapterFactory);
  return {
    ...db,
    url: url.toString(),
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * Declares the same suite once per backend. `setup` runs once per backend after migration
 * (e.g. to load a corpus); the suite reads the database through the returned getter.
 */
export function describeEachBackend(
  title: string,
  suite: (context: { db: () => TestDatabase; backend: Backend }) => void,
  setup?: (db: TestDatabase) => Promise<void>,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await createTestDatabase(backend);
        await setup?.(db);
      });
      afterAll(async () => {
        await db?.drop();
      });
      suite({
        backend,
        db: () => {
          if (!db) throw new Error('test database not ready');
          return db;
        },
      });
    });
  }
}

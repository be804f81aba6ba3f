import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, diffDatabaseToSchema, migrationsDir, readMigrations } from '../../src/db/migrations.js';
import { printSchemaFile } from '../../src/schema/print.js';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../support/databases.js';

describe('schema.graphql', () => {
  it('is the printed code-first schema (run `npm run print-schema` after changing src/schema)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaFile());
  });
});

describe('prisma/migrations and schema.prisma', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db.drop());

  it('agree: replaying the migrations leaves nothing to diff (run `npm run migration:create -- name`)', async () => {
    const { changed, script } = await diffDatabaseToSchema(db.adapterFactory);
    expect(script).toMatch(/empty migration/i);
    expect(changed).toBe(false);
  });
});

describeEachBackend('migration history', ({ db }) => {
  it("is recorded in _prisma_migrations in Prisma's own format, checksums included", async () => {
    const rows = await db().prisma.$queryRawUnsafe<
      { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }[]
    >('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name');
    const local = readMigrations().migrationDirectories.map((dir) => dir.path);
    expect(rows.map((row) => row.migration_name)).toEqual(local);
    for (const row of rows) {
      const sql = readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it('applying again is a no-op', async () => {
    expect(await applyMigrations(db().adapterFactory)).toEqual([]);
  });
});

describeEachBackend('a migration that fails', ({ db }) => {
  it('applies not at all, so it can be fixed and rerun', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    const history = readMigrations();
    for (const entry of history.migrationDirectories) {
      mkdirSync(path.join(dir, entry.path));
      writeFileSync(path.join(dir, entry.path, 'migration.sql'), (entry.migrationFile.content as { value: string }).value);
    }
    writeFileSync(path.join(dir, 'migration_lock.toml'), history.lockfile.content ?? '');
    mkdirSync(path.join(dir, '29990101000000_broken'));
    writeFileSync(
      path.join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" (id int);\nCREATE FUNCTION "f"() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nSELECT no_such_function();\n',
    );
    await expect(applyMigrations(db().adapterFactory, readMigrations(dir))).rejects.toThrow(/no_such_function/);
    const tables = await db().prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'HalfDone'`);
    expect(Number(tables[0]!.n)).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

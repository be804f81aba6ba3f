/**
 * Migrations through Prisma's own schema engine, in its WASM build, over the same driver
 * adapter as the client. The native engine cannot be used here (see README), but the WASM
 * engine applies `prisma/migrations` and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` would, on PostgreSQL and PGlite alike.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import type { DatabaseClient } from './database.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');

const noFilters = { externalTables: [], externalEnums: [] };

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let gluePromise: Promise<Glue> | undefined;

/**
 * The package's own entry imports the .wasm file as an ES module, which Node cannot do;
 * so the glue is loaded and instantiated here, as a bundler would, once per process.
 */
function loadSchemaEngineGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const packageDir = path.dirname(gluePath);
    const glue: Glue = await import(pathToFileURL(gluePath).href);
    const module = new WebAssembly.Module(readFileSync(path.join(packageDir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) as never });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

/**
 * Hands the engine a factory whose connections are closed when the engine is done: the
 * engine holds Prisma's migration advisory lock on its connection, and an open one would
 * make the next `migrate` wait for the lock to time out.
 */
function closingFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    opened.push(adapter);
    return adapter;
  };
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  return { factory: wrapped, closeAll: () => Promise.all(opened.map((adapter) => adapter.dispose())) };
}

/**
 * The engine arms timers (its 10 s advisory-lock timeout) that outlive the call; unref'd,
 * they no longer keep `npm run migrate` alive for 10 s after it is done.
 */
function withUnrefTimers(glue: Glue): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
  }
  return imports;
}

async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadSchemaEngineGlue();
  const { factory, closeAll } = closingFactory(adapterFactory);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => {}, bound);
  try {
    return await use(engine);
  } catch (error) {
    throw withDatabaseCause(error, bound.errorRegistry);
  } finally {
    engine.free();
    await closeAll();
  }
}

/**
 * The engine reports a database error as "external connector error … id#N"; the error
 * itself waits in the adapter's registry. Put its message where a deploy log shows it.
 */
function withDatabaseCause(error: unknown, registry: ErrorRegistry): unknown {
  const id = /id#(\d+)/.exec(error instanceof Error ? error.message : String(error))?.[1];
  const record = id ? registry.consumeError(Number(id)) : undefined;
  if (!record) return error;
  const cause = record.error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(`Migration failed: ${detail}`, { cause });
}

/** Reads prisma/migrations in Prisma's layout: <timestamp>_<name>/migration.sql + migration_lock.toml. */
export function readMigrations(dir = migrationsDir): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/**
 * The migrations in prisma/migrations that the database has not applied (all of them on a
 * database that has never been migrated). A plain read: safe through any pooler.
 */
export async function pendingMigrations(prisma: Pick<DatabaseClient, '$queryRawUnsafe'>, migrations = readMigrations()): Promise<string[]> {
  const [table] = await prisma.$queryRawUnsafe<{ present: boolean }[]>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
  const rows = table?.present
    ? await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
    : [];
  const applied = new Set(rows.map((row) => row.migration_name));
  return migrations.migrationDirectories.map((dir) => dir.path).filter((name) => !applied.has(name));
}

/** Applies pending migrations; returns the names of those applied now. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  migrations: MigrationList = readMigrations(),
): Promise<string[]> {
  return withSchemaEngine(adapterFactory, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList: migrations, filters: noFilters });
    return output.appliedMigrationNames;
  });
}

/**
 * The SQL that would take the database (with migrations applied) to `schema.prisma`.
 * Empty when migrations and schema agree; this is how the next migration is written.
 */
export async function diffDatabaseToSchema(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema = readFileSync(schemaPath, 'utf8'),
): Promise<{ changed: boolean; script: string }> {
  return withSchemaEngine(adapterFactory, async (engine) => {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files: [{ path: schemaPath, content: schema }], configDir: projectRoot },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return { changed: result.exitCode === 2, script: result.stdout ?? '' };
  });
}

/**
 * Migrations at start-up, and where they may run. Prisma's migration engine guards a run with
 * a session-level advisory lock (two processes starting together must not both migrate); behind
 * PgBouncer in transaction pooling mode (DATABASE_POOLER=pgbouncer) the lock is taken on one
 * server connection and the statements go to others, so two starting processes could both
 * migrate, and the migration statements would also run under the role's statement_timeout.
 * So, with a pooler:
 *
 * - with DATABASE_DIRECT_URL (the server itself), migrations run there, on a connection of their
 *   own without the gateway's statement timeout, closed once done;
 * - without it, start-up does not migrate: it only reads which migrations are applied (a plain
 *   read, safe through the pooler), and refuses to start when some are pending, rather than
 *   serve a schema the code does not match.
 *
 * Without a pooler, nothing changes: DATABASE_URL (or DATABASE_DIRECT_URL, when set) migrates.
 */
import type { Config } from '../config.js';
import { openDatabase, type Database } from './database.js';
import { applyMigrations, pendingMigrations } from './migrations.js';

/** Start-up (or a tool) stops here: the message is the one line a deploy log shows. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `${pending.length} migration(s) pending (${pending.join(', ')}) and DATABASE_POOLER=pgbouncer without ` +
        'DATABASE_DIRECT_URL: migrations cannot run through transaction pooling. Set DATABASE_DIRECT_URL to the server itself ' +
        '(not PgBouncer), or run `DATABASE_URL=<the server itself> npm run migrate` first.',
    );
    this.name = 'PendingMigrationsError';
  }
}

export type StartupMigration =
  | { where: 'database' | 'direct'; applied: string[] }
  /** A pooler and no direct URL: nothing applied, and nothing was pending. */
  | { where: 'skipped'; applied: [] };

/** The database migrations run on, when it is not the gateway's own: the server itself. */
async function openDirectDatabase(config: Config): Promise<Database | null> {
  if (!config.databaseDirectUrl) return null;
  return openDatabase({
    url: config.databaseDirectUrl,
    connectTimeoutMs: config.database.connectTimeoutMs,
    options: config.databaseOptions,
  });
}

/**
 * Migrates `db` (the gateway's or a tool's database) as the configuration allows; throws
 * PendingMigrationsError. Start-up and every tool (`npm run migrate`, `seed`, …) go through here.
 */
export async function migrateAsConfigured(config: Config, db: Database): Promise<StartupMigration> {
  const direct = await openDirectDatabase(config);
  if (direct) {
    try {
      return { where: 'direct', applied: await applyMigrations(direct.adapterFactory) };
    } finally {
      await direct.close();
    }
  }
  if (db.kind === 'postgres' && config.database.pooler) {
    const pending = await pendingMigrations(db.prisma);
    if (pending.length > 0) throw new PendingMigrationsError(pending);
    return { where: 'skipped', applied: [] };
  }
  return { where: 'database', applied: await applyMigrations(db.adapterFactory) };
}

/**
 * What every command-line tool shares: how it runs (exit codes, usage on a bad argument,
 * configuration errors in plain words) and the database it works on.
 */
import { ConfigError, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { openConfiguredDatabase } from '../db/open-configured.js';

/**
 * The database the configuration names (DATABASE_URL, else the embedded folder), brought up
 * to the latest migration first so that a tool run on a fresh checkout just works.
 */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  const db = await openConfiguredDatabase(config);
  try {
    await applyMigrations(db.adapterFactory);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export class UsageError extends Error {}

/**
 * Runs a command's `main` with its arguments and exits with its status: 0 done, 1 failed,
 * 2 used wrongly (with the usage text). `--help` prints the usage.
 */
export function runCommand(usage: string, main: (argv: string[]) => Promise<number | void>): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  main(argv).then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      // node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
      const misuse = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS');
      if (misuse) console.error(`${(error as Error).message}\n\n${usage}`);
      else console.error(error instanceof ConfigError ? error.message : error);
      process.exit(misuse ? 2 : 1);
    },
  );
}

/** A whole number of at least `min` from a command-line flag, or a UsageError naming the flag. */
export function parseCount(flag: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * What every command-line tool shares: how it runs (exit codes, usage on a bad argument,
 * failures in one line) and the database it works on.
 */
import { ConfigError, debugOutputRequested, loadConfig, type Config } from '../config.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { openCommandDatabase, type CommandDatabase } from '../db/open-configured.js';
import { migrateAsConfigured, PendingMigrationsError } from '../db/startup-migrations.js';
import { describeFailure } from './failures.js';

/**
 * The database the configuration names (DATABASE_URL, else the embedded folder, through the
 * running gateway when there is one), brought up to the latest migration first so that a tool
 * run on a fresh checkout just works (on DATABASE_DIRECT_URL behind a pooler: src/db/startup-migrations.ts). `command` names the tool in messages: "npm run seed".
 */
export async function openMigratedDatabase(config: Config, command = 'a command-line tool'): Promise<CommandDatabase> {
  const db = await openCommandDatabase(config, command, (message) => console.error(message));
  try {
    await migrateAsConfigured(config, db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export class UsageError extends Error {}

const VERBOSE_HELP = '  --verbose          on failure, print the whole error with its stack (as does DEBUG=1)';

function failureLine(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof PendingMigrationsError) return error.message;
  let databaseUrl: string | null = null;
  try {
    databaseUrl = loadConfig().databaseUrl;
  } catch {
    // The configuration is fine or the error says so; advice just names fewer things.
  }
  return describeFailure(error, { databaseUrl });
}

/**
 * Runs a command's `main` with its arguments and exits with its status: 0 done, 1 failed,
 * 2 used wrongly (with the usage text). `--help` prints the usage; a failure is one line,
 * with the whole error only with `--verbose` or DEBUG.
 */
export function runCommand(usage: string, main: (argv: string[]) => Promise<number | void>): void {
  const given = process.argv.slice(2);
  const verbose = given.includes('--verbose') || debugOutputRequested();
  const argv = given.filter((arg) => arg !== '--verbose');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`${usage}\n${VERBOSE_HELP}`);
    process.exit(0);
  }
  main(argv).then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      // node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
      const misuse = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS');
      if (misuse) {
        console.error(`${(error as Error).message}\n\n${usage}\n${VERBOSE_HELP}`);
      } else {
        // A configuration or a busy folder is already said in full; anything else has more to show.
        const saidInFull = error instanceof ConfigError || error instanceof DataDirInUseError;
        if (verbose) console.error(error);
        console.error(`Failed: ${failureLine(error)}${verbose || saidInFull ? '' : ' (--verbose shows the whole error)'}`);
      }
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

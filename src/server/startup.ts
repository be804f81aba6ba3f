/**
 * A start-up failure in one line that says what to do: a bad setting, a port in use, a bad
 * HOST, a database that cannot be reached or refuses us (with the command that creates a
 * missing role or database). The whole error, stack included, only with DEBUG.
 */
import { describeFailure } from '../cli/failures.js';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { PendingMigrationsError } from '../db/startup-migrations.js';
import { ListenError } from './http.js';

export function startupFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof ListenError) return error.message;
  if (error instanceof PendingMigrationsError) return `Cannot start: ${error.message}`;
  let databaseUrl: string | null = null;
  try {
    databaseUrl = loadConfig().databaseUrl;
  } catch {
    // Not reached: a bad configuration fails before anything else is tried.
  }
  return `Cannot start: ${describeFailure(error, { databaseUrl })}`;
}

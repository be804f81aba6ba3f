/**
 * The database a command-line tool works on: the one the configuration names (DATABASE_URL,
 * else the embedded folder), brought up to the latest migration first so that a tool run on a
 * fresh checkout just works.
 */
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';

export async function openMigratedDatabase(config: Config): Promise<Database> {
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    await applyMigrations(db.adapterFactory);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Where the data goes, for the summary line; never prints a password. */
export function describeTarget(config: Config): string {
  if (!config.databaseUrl) return `embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export class UsageError extends Error {}

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

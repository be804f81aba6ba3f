/**
 * The database a command-line tool works on: the one the configuration names (DATABASE_URL,
 * else the embedded folder), brought up to the latest migration first so that a tool run on a
 * fresh checkout just works.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { openConfiguredDatabase } from '../db/open-configured.js';

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

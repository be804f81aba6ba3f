/**
 * Environment → typed, validated configuration. The only module that reads process.env
 * (through `loadConfig`, called by entry points); everything else receives a Config.
 */
import path from 'node:path';
import { defaultRelatedWeights, type RelatedWeights } from './domain/related-ranking.js';

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; when absent the embedded database (PGlite) in `dataDir` is used. */
  databaseUrl: string | null;
  /** Redis for publish events shared by replicas; in-process events when null. */
  redisUrl: string | null;
  /** Folder of the embedded database. */
  dataDir: string;
  /** Seed demo content into an empty embedded database at start-up. */
  seedDemo: boolean;
  production: boolean;
  /** Page size limit for every connection (`first`/`last`). */
  maxPageSize: number;
  /** Weights of the related-articles ranking (see src/domain/related-ranking.ts). */
  related: RelatedWeights;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const float = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };

  let databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgresql://, got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
    databaseUrl = null;
  }

  let redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl.replace(/:[^:@/]*@/, ':***@')}"`);
    redisUrl = null;
  }

  const config: Config = {
    port: int('PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    redisUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data/pglite'),
    seedDemo: bool('SEED_DEMO', true),
    production: env.NODE_ENV === 'production',
    maxPageSize: int('MAX_PAGE_SIZE', 100, 1, 1000),
    related: {
      sameCategoryBonus: float('RELATED_SAME_CATEGORY_BONUS', defaultRelatedWeights.sameCategoryBonus, 0, 100),
      halfLifeDays: float('RELATED_HALF_LIFE_DAYS', defaultRelatedWeights.halfLifeDays, 0.01, 36500),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

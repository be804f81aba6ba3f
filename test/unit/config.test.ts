import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database on port 4000', () => {
    const config = loadConfig({}, '/srv/gateway');
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: '/srv/gateway/.data/pglite',
      mediaDir: '/srv/gateway/media',
      seedDemo: true,
    });
  });

  it('takes a PostgreSQL server from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/news' }).databaseUrl).toBe('postgresql://u@db:5432/news');
  });

  it('takes read replicas from DATABASE_REPLICA_URLS, comma-separated, only with DATABASE_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@primary/news',
      DATABASE_REPLICA_URLS: ' postgresql://u@replica-1/news, postgres://u@replica-2:5433/news ,',
    });
    expect(config.databaseReplicaUrls).toEqual(['postgresql://u@replica-1/news', 'postgres://u@replica-2:5433/news']);
    expect(config.replicas).toEqual({ checkIntervalMs: 200, maxLagMs: 5000 });
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgresql://u@replica-1/news' })).toThrow(
      /DATABASE_REPLICA_URLS needs DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u@primary/news', DATABASE_REPLICA_URLS: 'mysql://u:secret@r/news' })).toThrow(
      'DATABASE_REPLICA_URLS must be postgresql:// URLs separated by commas, got "mysql://u:***@r/news"',
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u@primary/news', DATABASE_REPLICA_MAX_LAG_MS: '-1' })).toThrow(
      /DATABASE_REPLICA_MAX_LAG_MS/,
    );
  });

  it('takes the server itself, for migrations behind a pooler, from DATABASE_DIRECT_URL, only with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@bouncer:6432/news' }).databaseDirectUrl).toBeNull();
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@bouncer:6432/news', DATABASE_DIRECT_URL: ' postgresql://u@db:5432/news ' });
    expect(config.databaseDirectUrl).toBe('postgresql://u@db:5432/news');
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'postgresql://u@db/news' })).toThrow(/DATABASE_DIRECT_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://u@db/news', DATABASE_DIRECT_URL: 'db:5432' })).toThrow(
      'DATABASE_DIRECT_URL must start with postgresql://, got "db:5432"',
    );
  });

  it('takes a connection pooler from DATABASE_POOLER, refusing PGOPTIONS it cannot carry', () => {
    expect(loadConfig({}).database.pooler).toBeNull();
    expect(loadConfig({ DATABASE_POOLER: 'none' }).database.pooler).toBeNull();
    expect(loadConfig({ DATABASE_POOLER: 'PgBouncer' }).database.pooler).toBe('pgbouncer');
    expect(() => loadConfig({ DATABASE_POOLER: 'odyssey' })).toThrow('DATABASE_POOLER must be pgbouncer or none (or unset), got "odyssey"');
    expect(() => loadConfig({ DATABASE_POOLER: 'pgbouncer', PGOPTIONS: '-c work_mem=8MB' })).toThrow(
      /PGOPTIONS cannot pass through PgBouncer/,
    );
  });

  it('names every bad value in one error, without echoing a password', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://u:secret@db/news', SEED_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toMatch(/PORT must be an integer/);
    expect(message).toMatch(/DATABASE_URL must start with postgresql/);
    expect(message).toMatch(/SEED_DEMO must be true or false/);
    expect(message).not.toContain('secret');
  });

  it('takes NODE_ENV development, production or test only: a typo refuses to start', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({}).production).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'prod' })).toThrow(
      /^Invalid configuration: NODE_ENV must be development, production or test \(or unset\), got "prod"\.$/,
    );
  });

  it('bounds every wait for the database, the client-side one above the server-side one', () => {
    expect(loadConfig({}).database).toEqual({
      statementTimeoutMs: 5000,
      queryTimeoutMs: 7000,
      connectTimeoutMs: 3000,
      poolSize: 10,
      pooler: null,
    });
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '0' }).database.queryTimeoutMs).toBe(30_000);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '5000', DATABASE_QUERY_TIMEOUT_MS: '5000' })).toThrow(
      /DATABASE_QUERY_TIMEOUT_MS \(5000\) must be above STATEMENT_TIMEOUT_MS/,
    );
  });

  it('bounds slow clients, headers no longer than the whole request', () => {
    expect(loadConfig({}).http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000 });
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /HEADERS_TIMEOUT_MS \(6000\) must not be above REQUEST_TIMEOUT_MS/,
    );
  });
});

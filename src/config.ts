/**
 * Environment → typed, validated configuration. The only module that reads process.env
 * (through `loadConfig`, called by entry points); everything else receives a Config.
 */
import path from 'node:path';
import { defaultRelatedWeights, type RelatedWeights } from './domain/related-ranking.js';
import { loadImageConfig, loadSiteConfig, type ImageConfig, type SiteConfig } from './client-config.js';

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; when absent the embedded database (PGlite) in `dataDir` is used. */
  databaseUrl: string | null;
  /**
   * The same database on the server itself, not through a pooler (DATABASE_DIRECT_URL): where
   * migrations run. Prisma's migration engine holds a session advisory lock, which PgBouncer's
   * transaction pooling does not keep; null to migrate on DATABASE_URL.
   */
  databaseDirectUrl: string | null;
  /** Settings for every server connection (PGOPTIONS, libpq's variable, e.g. `-c work_mem=8MB`). */
  databaseOptions: string | null;
  /**
   * PostgreSQL streaming replicas for readers' queries (src/db/replicas.ts); empty for none.
   * Editors, mutations, subscriptions and the outbox always use DATABASE_URL (the primary).
   */
  databaseReplicaUrls: string[];
  /** How replicas are watched and when one is skipped (src/db/replicas.ts). */
  replicas: {
    /** How often each replica's replay position and the primary's WAL position are sampled. */
    checkIntervalMs: number;
    /** A replica further behind the primary than this is skipped until it catches up. */
    maxLagMs: number;
  };
  /** Redis for publish events shared by replicas; in-process events when null. */
  redisUrl: string | null;
  /** Folder of the embedded database. */
  dataDir: string;
  /** Folder whose files the gateway serves at /media/ (pictures' originals). */
  mediaDir: string;
  /** Seed demo content into an empty embedded database at start-up. */
  seedDemo: boolean;
  production: boolean;
  /** Page size limit for every connection (`first`/`last`). */
  maxPageSize: number;
  /** Weights of the related-articles ranking (see src/domain/related-ranking.ts). */
  related: RelatedWeights;
  /** The public site: canonical URLs and the publisher in structured data (src/client-config.ts). */
  site: SiteConfig;
  /** Picture renditions, made here or by an image service (src/client-config.ts). */
  images: ImageConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Log lines written before the request goes on (LOG_SYNC); by default they are written
   * asynchronously (src/server/logging.ts), flushed at exit.
   */
  logSync: boolean;
  /** Share of successful requests that get their `request` log line (REQUEST_LOG_SAMPLE); every error response gets one. */
  requestLogSample: number;
  /** Schema introspection (and GraphiQL); on by default except in production. */
  introspection: boolean;
  /** Abuse limits: each refuses a request before any database work. */
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    /** Estimated cost: connections cost by page size, related lists by length, search more. */
    maxComplexity: number;
    maxBodyBytes: number;
    /** Operations per batched request; 0 turns batching off. */
    batchLimit: number;
    /** Requests per client (token, else IP) per minute; 0 turns the limit off. */
    rateLimitPerMinute: number;
    /** Requests per editor token per minute; 0 turns the limit off. */
    editorRateLimitPerMinute: number;
    /**
     * Proxies in front of the gateway that append to X-Forwarded-For: the client is the address
     * this many hops from the right. 0 ignores the header (the socket's peer is the client).
     */
    trustedProxyHops: number;
    /** Most ids `nodes(ids:)` takes in one request. */
    maxNodeIds: number;
  };
  /** Requires a non-simple header on browser-sendable requests (GET, form posts). */
  csrfPrevention: boolean;
  /**
   * Bounds on every wait for PostgreSQL (src/db/database.ts), so that a frozen, unreachable or
   * saturated server gives a coded 503 within them instead of a hung request.
   */
  database: {
    /** Server-side: PostgreSQL cancels a statement running longer (DATABASE_TIMEOUT); 0 for none. */
    statementTimeoutMs: number;
    /**
     * Client-side: the gateway gives up on an answer after this long and drops the connection.
     * The only bound that holds when the server itself is frozen; above statementTimeoutMs, so
     * that a merely slow statement is cancelled by the server first (and keeps its connection).
     */
    queryTimeoutMs: number;
    /** Waiting for a connection: a free one from the pool, or a new one to the server. */
    connectTimeoutMs: number;
    /** Connections the pool may open. */
    poolSize: number;
    /**
     * A connection pooler between the gateway and PostgreSQL (DATABASE_POOLER): with `pgbouncer`
     * (transaction pooling) no named prepared statements and no startup parameters
     * (PGOPTIONS, statement_timeout, jit), which PgBouncer 1.18 cannot carry; null for none.
     */
    pooler: 'pgbouncer' | null;
  };
  /** /readyz: how long the database may take to answer before the replica counts as not ready. */
  readinessTimeoutMs: number;
  /** node:http's bounds on slow clients (src/server/http.ts). */
  http: {
    /** The whole request (headers and body) must arrive within this; else 408 and the socket closes. */
    requestTimeoutMs: number;
    /** The headers must arrive within this. */
    headersTimeoutMs: number;
    /** An idle keep-alive connection is closed after this (announced in `Keep-Alive: timeout=`). */
    keepAliveTimeoutMs: number;
  };
  /** On SIGTERM, how long in-flight requests and open connections may take before the process exits. */
  shutdownTimeoutMs: number;
  /** Response cache and HTTP caching (src/cache/, src/server/caching.ts). */
  caching: {
    /** The gateway's own response cache (in memory, or in Redis with REDIS_URL). */
    responseCache: boolean;
    ttlSeconds: number;
    /** In-memory cache size, in responses. */
    maxEntries: number;
    /** Cache-Control of public GET responses. */
    httpMaxAgeSeconds: number;
    httpStaleWhileRevalidateSeconds: number;
    /** `stale-if-error`: how long an edge may serve its copy while the gateway fails or restarts. */
    httpStaleIfErrorSeconds: number;
    /** `s-maxage`, for CDNs (which are purged through the webhook); null to leave it out. */
    httpSharedMaxAgeSeconds: number | null;
    purgeWebhookUrl: string | null;
    purgeWebhookSecret: string | null;
    /** Varnish instances purged by surrogate key on every publication event (src/cache/edge-purge.ts). */
    edgePurgeUrls: string[];
    /**
     * How long one purge attempt waits for each edge (EDGE_PURGE_TIMEOUT_MS) before it is
     * abandoned and retried with the webhook's backoff. At most 9 s: under the 10 s lease of an
     * attempt (src/events/outbox.ts), so no other process claims the same attempt meanwhile.
     */
    edgePurgeTimeoutMs: number;
    /** Prefix of the Redis keys of the response cache, APQ and purge coordination. */
    redisPrefix: string;
  };
  /** Publication events: the outbox and its dispatcher (src/events/). */
  events: {
    /** How often each replica polls the outbox (scheduled events fire within this). */
    pollIntervalMs: number;
    /** How long delivered events stay listable (`npm run events -- list`). */
    retentionHours: number;
    /** Attempts of the purge webhook per event before it is given up. */
    webhookMaxAttempts: number;
    /** Holds every event back this long before dispatch: for tests and failure drills only. */
    dispatchDelayMs: number;
  };
  /** Automatic persisted queries and trusted documents (src/server/persisted-operations.ts). */
  persistedOperations: {
    apq: boolean;
    trustedDocuments: 'off' | 'allow' | 'require';
    manifestPath: string;
    /** Largest document APQ stores (bytes of UTF-8); a larger one runs, if within limits, but is not kept. */
    apqMaxDocumentBytes: number;
    /** Without Redis: the in-memory APQ store's bound, in bytes of documents kept. */
    apqMemoryMaxBytes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One line per problem, each whole on its own (start-up prints exactly this).
    super(problems.map((problem) => `Invalid configuration: ${problem}.`).join('\n'));
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

  let databaseDirectUrl = env.DATABASE_DIRECT_URL?.trim() || null;
  if (databaseDirectUrl && !/^postgres(ql)?:\/\/[^/]/.test(databaseDirectUrl)) {
    problems.push(`DATABASE_DIRECT_URL must start with postgresql://, got "${databaseDirectUrl.replace(/:[^:@/]*@/, ':***@')}"`);
    databaseDirectUrl = null;
  }
  if (databaseDirectUrl && !databaseUrl) problems.push('DATABASE_DIRECT_URL needs DATABASE_URL: it is the same server without the pooler');

  const databaseReplicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of databaseReplicaUrls)
    if (!/^postgres(ql)?:\/\/[^/]/.test(url))
      problems.push(`DATABASE_REPLICA_URLS must be postgresql:// URLs separated by commas, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  if (databaseReplicaUrls.length > 0 && !databaseUrl)
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas are of a PostgreSQL server, not of the embedded database');

  let redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl.replace(/:[^:@/]*@/, ':***@')}"`);
    redisUrl = null;
  }

  // A typo ("prod") must not silently run with development's GraphiQL and introspection.
  const nodeEnvs = ['development', 'production', 'test'];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  if (!nodeEnvs.includes(nodeEnv)) problems.push(`NODE_ENV must be development, production or test (or unset), got "${env.NODE_ENV}"`);
  const production = nodeEnv === 'production';
  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || (env.NODE_ENV === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);

  const trustedDocumentModes = ['off', 'allow', 'require'] as const;
  const trustedDocuments = (env.TRUSTED_DOCUMENTS?.trim().toLowerCase() || 'off') as Config['persistedOperations']['trustedDocuments'];
  if (!trustedDocumentModes.includes(trustedDocuments))
    problems.push(`TRUSTED_DOCUMENTS must be off, allow or require, got "${env.TRUSTED_DOCUMENTS}"`);

  let purgeWebhookUrl = env.PURGE_WEBHOOK_URL?.trim() || null;
  if (purgeWebhookUrl && !/^https?:\/\/[^/]/.test(purgeWebhookUrl)) {
    problems.push(`PURGE_WEBHOOK_URL must be an http:// or https:// URL, got "${purgeWebhookUrl.replace(/:[^:@/]*@/, ':***@')}"`);
    purgeWebhookUrl = null;
  }

  const edgePurgeUrls = (env.EDGE_PURGE_URLS ?? '').split(/[\s,]+/).filter(Boolean);
  for (const url of edgePurgeUrls)
    if (!/^https?:\/\/[^/]/.test(url))
      problems.push(`EDGE_PURGE_URLS must list http:// or https:// URLs, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);

  const site = loadSiteConfig(env, problems);

  function databaseBounds(): Config['database'] {
    const statementTimeoutMs = int('STATEMENT_TIMEOUT_MS', 5000, 0, 600_000);
    // By default a little above the server's own limit (which then fires first), or 30 s without one.
    const queryTimeoutMs = int('DATABASE_QUERY_TIMEOUT_MS', statementTimeoutMs > 0 ? statementTimeoutMs + 2000 : 30_000, 100, 600_000);
    if (statementTimeoutMs > 0 && queryTimeoutMs <= statementTimeoutMs)
      problems.push(`DATABASE_QUERY_TIMEOUT_MS (${queryTimeoutMs}) must be above STATEMENT_TIMEOUT_MS (${statementTimeoutMs})`);
    return {
      statementTimeoutMs,
      queryTimeoutMs,
      connectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 3000, 100, 600_000),
      poolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
      pooler: pooler(),
    };
  }

  function pooler(): Config['database']['pooler'] {
    const raw = env.DATABASE_POOLER?.trim().toLowerCase() || 'none';
    if (raw === 'none') return null;
    if (raw === 'pgbouncer') {
      // pg would still send PGOPTIONS from the environment, and PgBouncer refuses the connection.
      if (env.PGOPTIONS?.trim())
        problems.push(
          'PGOPTIONS cannot pass through PgBouncer (DATABASE_POOLER=pgbouncer): set the settings on the role instead (ALTER ROLE … SET …) and unset PGOPTIONS',
        );
      return 'pgbouncer';
    }
    problems.push(`DATABASE_POOLER must be pgbouncer or none (or unset), got "${env.DATABASE_POOLER}"`);
    return null;
  }

  function httpBounds(): Config['http'] {
    const requestTimeoutMs = int('REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000);
    const headersTimeoutMs = int('HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 1000, 3_600_000);
    // node:http refuses a headers timeout longer than the request's.
    if (headersTimeoutMs > requestTimeoutMs)
      problems.push(`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be above REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
    return { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 600_000) };
  }

  const config: Config = {
    port: int('PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    databaseDirectUrl,
    databaseOptions: env.PGOPTIONS?.trim() || null,
    databaseReplicaUrls: problems.some((problem) => problem.startsWith('DATABASE_REPLICA_URLS')) ? [] : databaseReplicaUrls,
    replicas: {
      checkIntervalMs: int('DATABASE_REPLICA_CHECK_INTERVAL_MS', 200, 20, 60_000),
      maxLagMs: int('DATABASE_REPLICA_MAX_LAG_MS', 5000, 0, 3_600_000),
    },
    redisUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data/pglite'),
    mediaDir: path.resolve(cwd, env.MEDIA_DIR?.trim() || 'media'),
    seedDemo: bool('SEED_DEMO', true),
    production,
    maxPageSize: int('MAX_PAGE_SIZE', 100, 1, 1000),
    related: {
      sameCategoryBonus: float('RELATED_SAME_CATEGORY_BONUS', defaultRelatedWeights.sameCategoryBonus, 0, 100),
      halfLifeDays: float('RELATED_HALF_LIFE_DAYS', defaultRelatedWeights.halfLifeDays, 0.01, 36500),
    },
    site,
    images: loadImageConfig(env, cwd, site, problems),
    logLevel: logLevels.includes(logLevel) ? logLevel : 'info',
    logSync: bool('LOG_SYNC', false),
    requestLogSample: float('REQUEST_LOG_SAMPLE', 1, 0, 1),
    introspection: bool('INTROSPECTION', !production),
    limits: {
      maxDepth: int('MAX_DEPTH', 12, 1, 100),
      maxAliases: int('MAX_ALIASES', 30, 0, 1000),
      maxDirectives: int('MAX_DIRECTIVES', 20, 0, 1000),
      maxTokens: int('MAX_TOKENS', 3000, 50, 100_000),
      maxComplexity: int('MAX_COMPLEXITY', 5000, 10, 10_000_000),
      maxBodyBytes: int('MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      batchLimit: int('BATCH_LIMIT', 0, 0, 100),
      rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
      editorRateLimitPerMinute: int('EDITOR_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
      trustedProxyHops: int('TRUSTED_PROXY_HOPS', 0, 0, 10),
      maxNodeIds: int('MAX_NODE_IDS', 100, 1, 10_000),
    },
    csrfPrevention: bool('CSRF_PREVENTION', production),
    database: databaseBounds(),
    readinessTimeoutMs: int('READINESS_TIMEOUT_MS', 2000, 100, 60_000),
    http: httpBounds(),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 15_000, 0, 600_000),
    caching: {
      responseCache: bool('RESPONSE_CACHE', true),
      ttlSeconds: int('RESPONSE_CACHE_TTL_SECONDS', 60, 1, 86_400),
      maxEntries: int('RESPONSE_CACHE_MAX_ENTRIES', 1000, 1, 1_000_000),
      httpMaxAgeSeconds: int('HTTP_CACHE_MAX_AGE_SECONDS', 30, 0, 31_536_000),
      httpStaleWhileRevalidateSeconds: int('HTTP_CACHE_STALE_WHILE_REVALIDATE_SECONDS', 30, 0, 31_536_000),
      httpStaleIfErrorSeconds: int('HTTP_CACHE_STALE_IF_ERROR_SECONDS', 86_400, 0, 31_536_000),
      httpSharedMaxAgeSeconds: env.HTTP_CACHE_S_MAXAGE_SECONDS?.trim() ? int('HTTP_CACHE_S_MAXAGE_SECONDS', 0, 0, 31_536_000) : null,
      purgeWebhookUrl,
      purgeWebhookSecret: env.PURGE_WEBHOOK_SECRET?.trim() || null,
      edgePurgeUrls,
      edgePurgeTimeoutMs: int('EDGE_PURGE_TIMEOUT_MS', 5000, 100, 9000),
      redisPrefix: env.REDIS_CACHE_PREFIX?.trim() || 'news-gateway:',
    },
    events: {
      pollIntervalMs: int('EVENT_POLL_INTERVAL_MS', 500, 50, 60_000),
      retentionHours: int('EVENT_RETENTION_HOURS', 168, 1, 24 * 3650),
      webhookMaxAttempts: int('PURGE_WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
      dispatchDelayMs: int('EVENT_DISPATCH_DELAY_MS', 0, 0, 86_400_000),
    },
    persistedOperations: {
      apq: bool('APQ', true),
      trustedDocuments: trustedDocumentModes.includes(trustedDocuments) ? trustedDocuments : 'off',
      manifestPath: path.resolve(cwd, env.TRUSTED_DOCUMENTS_MANIFEST?.trim() || 'persisted-operations.json'),
      apqMaxDocumentBytes: int('APQ_MAX_DOCUMENT_BYTES', 32_768, 256, 1_048_576),
      apqMemoryMaxBytes: int('APQ_MEMORY_MAX_BYTES', 16 * 1_048_576, 65_536, 1_073_741_824),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * DEBUG set to anything but an "off" value: command-line tools print a failure's whole error,
 * stack included, not only its one-line summary. Read apart from loadConfig, so that it works
 * when the configuration itself is what failed.
 */
export function debugOutputRequested(env: Env = process.env): boolean {
  const value = env.DEBUG?.trim().toLowerCase();
  return Boolean(value) && !['0', 'false', 'no', 'off'].includes(value!);
}

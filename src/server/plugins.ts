/**
 * The gateway's envelop/yoga plugins, in order. Each concern lives in its own module; this
 * list is the one place that says what runs and in which order.
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReadReplicas } from '../db/replicas.js';
import type { TaggedResponseCache } from '../cache/response-store.js';
import type { RedisConnection } from '../redis/connection.js';
import type { Logger } from 'pino';
import { cachingPlugins } from './caching.js';
import { csrfPreventionPlugin } from './csrf.js';
import { useGraphiqlAssets } from './graphiql-assets.js';
import { healthPlugin } from './health.js';
import { mediaPlugin } from './media.js';
import { renditionsPlugin } from './renditions.js';
import { feedsPlugin } from './feeds.js';
import { incrementalDeliveryPlugins } from './incremental-delivery.js';
import { documentLimitPlugins } from './limits.js';
import { rateLimitPlugin } from './rate-limits.js';
import { requestLoggingPlugin } from './logging.js';
import { metricsPlugins } from './metrics.js';

export interface PluginDependencies {
  config: Config;
  db: Database;
  /** The response store (src/cache/response-store.ts), purged by publication events. */
  store: TaggedResponseCache;
  redis: RedisConnection | null;
  logger: Logger;
  /** Read replicas, reported by /readyz and /metrics. */
  replicas?: ReadReplicas | null;
}

// Plugins are typed for their own context needs; yoga accepts them all on one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function gatewayPlugins({ config, db, store, redis, logger, replicas = null }: PluginDependencies): Plugin<any>[] {
  const rateLimit = rateLimitPlugin(config, redis?.client ?? null);
  return [
    healthPlugin(db, redis?.client ?? null, config.readinessTimeoutMs, replicas),
    mediaPlugin(config.mediaDir),
    renditionsPlugin(config),
    feedsPlugin(config, db),
    requestLoggingPlugin(logger, config.requestLogSample),
    ...metricsPlugins(replicas),
    ...(rateLimit ? [rateLimit] : []),
    ...(config.csrfPrevention ? [csrfPreventionPlugin()] : []),
    // `@defer` and `@stream` (src/server/incremental-delivery.ts); the limits below and the
    // caches see the whole document, deferred and streamed selections included.
    ...incrementalDeliveryPlugins(),
    ...documentLimitPlugins(config),
    // Caching (src/server/caching.ts): persisted operations (APQ, trusted documents), then the
    // response cache, purged by publication events, then Cache-Control / ETag / Surrogate-Key.
    ...cachingPlugins({ config, store, redis, logger }),
    // GraphiQL's script, styles and editor workers come from this server, not from a CDN.
    ...(config.production ? [] : [useGraphiqlAssets()]),
  ];
}

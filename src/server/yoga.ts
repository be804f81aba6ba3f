/**
 * The GraphQL-over-HTTP handler: graphql-yoga serving the Pothos schema, with GraphiQL, and
 * the delivery of publication events (src/events/dispatcher.ts) to its caches and subscribers.
 */
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReadReplicas } from '../db/replicas.js';
import { combinePurgeTargets, createEdgePurger } from '../cache/edge-purge.js';
import { createPurgeWebhook } from '../cache/purge-webhook.js';
import { createResponseStore } from '../cache/response-store.js';
import { createArticleEventBus, type ArticleEventBus } from '../events/article-events.js';
import { createPublicationDispatcher } from '../events/dispatcher.js';
import { createEventFanout } from '../events/fanout.js';
import { createLoaders } from '../loaders/index.js';
import { relatedWeightsRegistration } from '../db/related-weights.js';
import { authenticate } from './authentication.js';
import type { GatewayContext } from '../schema/context.js';
import { schema } from '../schema/index.js';
import { maskError } from './errors.js';
import { graphiqlOptions } from './graphiql.js';
import { renderLocalGraphiQL } from './graphiql-assets.js';
import { gatewayPlugins } from './plugins.js';
import { readReplicaPlugin } from './read-replicas.js';
import { createLogger, yogaLogger } from './logging.js';
import type { RedisConnection } from '../redis/connection.js';
import type { Logger } from 'pino';

export interface GatewayOptions {
  config: Config;
  db: Database;
  /** This process's `articlePublished` subscribers. */
  events?: ArticleEventBus;
  /** The one Redis connection (src/redis/connection.ts) when REDIS_URL is set. */
  redis?: RedisConnection | null;
  logger?: Logger;
  /** Streaming replicas for readers' queries (DATABASE_REPLICA_URLS), opened by the caller. */
  replicas?: ReadReplicas | null;
}

/** Each request's context: its clock, the editor its Authorization header names, its own loaders. */
export function requestContext({
  config,
  db,
  events,
  publications,
  logger,
}: Pick<GatewayContext, 'config' | 'events' | 'publications'> & { db: Database; logger: Logger }) {
  // Before the first request reads a related list (src/schema/related.ts).
  const relatedWeights = relatedWeightsRegistration(db.prisma, config.related, logger);
  return async ({ request }: { request: Request }): Promise<GatewayContext> => {
    const now = new Date();
    await relatedWeights();
    const editor = await authenticate(db.prisma, request.headers.get('authorization'), now);
    return {
      prisma: db.prisma,
      config,
      now,
      editor,
      events,
      publications,
      cacheTags: new Set(),
      loaders: createLoaders(db.prisma, now),
    };
  };
}

/**
 * The gateway's request handler, with `publications`, its event dispatcher: `start()` it to
 * poll the outbox (src/main.ts does); `dispose()` stops it. Without polling, events are still
 * dispatched after each editorial commit and once at creation (what tests in process use).
 */
export function createGateway({
  config,
  db,
  events = createArticleEventBus(),
  redis = null,
  logger = createLogger(config),
  replicas = null,
}: GatewayOptions) {
  const store = createResponseStore(config, redis, logger);
  // The webhook and the edges (Varnish xkey purges) are delivered, and retried, together.
  const webhook = combinePurgeTargets([
    config.caching.purgeWebhookUrl ? createPurgeWebhook(config.caching.purgeWebhookUrl, config.caching.purgeWebhookSecret) : null,
    config.caching.edgePurgeUrls.length > 0 ? createEdgePurger(config.caching.edgePurgeUrls, config.caching.edgePurgeTimeoutMs) : null,
  ]);
  const fanout = redis ? createEventFanout(redis, logger) : null;
  const publications = createPublicationDispatcher({
    prisma: db.prisma,
    config,
    store,
    webhook,
    events,
    fanout,
    logger,
    replicas,
  });
  // What was owed when this process started (or while Redis was away) goes out now.
  void publications.runOnce();
  redis?.onReady(() => void publications.runOnce());

  const stopPublications: Plugin = {
    async onDispose() {
      await publications.stop();
      await fanout?.close();
    },
  };
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.production ? false : graphiqlOptions(),
    renderGraphiQL: renderLocalGraphiQL,
    plugins: [
      ...gatewayPlugins({ config, db, store, redis, logger, replicas }),
      ...(replicas ? [readReplicaPlugin(replicas)] : []),
      stopPublications,
    ],
    // Batches multiply the work of one request; off unless BATCH_LIMIT allows a few.
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    maskedErrors: { maskError },
    logging: yogaLogger(logger),
    context: requestContext({ config, db, events, publications, logger }),
  });
  return Object.assign(yoga, { publications });
}

export type Gateway = ReturnType<typeof createGateway>;

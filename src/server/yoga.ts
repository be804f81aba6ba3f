/**
 * The GraphQL-over-HTTP handler: graphql-yoga serving the Pothos schema, with GraphiQL.
 */
import { createYoga } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ArticleEventBus } from '../events/article-events.js';
import { createLoaders } from '../loaders/index.js';
import { authenticate } from './authentication.js';
import type { GatewayContext } from '../schema/context.js';
import { schema } from '../schema/index.js';
import { maskError } from './errors.js';
import { graphiqlOptions } from './graphiql.js';
import { renderLocalGraphiQL } from './graphiql-assets.js';
import { gatewayPlugins } from './plugins.js';
import { createLogger, yogaLogger } from './logging.js';
import type { RedisConnection } from '../redis/connection.js';
import type { Logger } from 'pino';

export interface GatewayOptions {
  config: Config;
  db: Database;
  events: ArticleEventBus;
  /** The one Redis connection (src/redis/connection.ts) when REDIS_URL is set. */
  redis?: RedisConnection | null;
  logger?: Logger;
}

export function createGateway({ config, db, events, redis = null, logger = createLogger(config) }: GatewayOptions) {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.production ? false : graphiqlOptions(),
    renderGraphiQL: renderLocalGraphiQL,
    plugins: gatewayPlugins({ config, db, events, redis, logger }),
    // Batches multiply the work of one request; off unless BATCH_LIMIT allows a few.
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    maskedErrors: { maskError },
    logging: yogaLogger(logger),
    context: async ({ request }): Promise<GatewayContext> => {
      const now = new Date();
      const editor = await authenticate(db.prisma, request.headers.get('authorization'), now);
      return { prisma: db.prisma, config, now, editor, events, loaders: createLoaders(db.prisma, now, config.related) };
    },
  });
}

export type Gateway = ReturnType<typeof createGateway>;

/**
 * The GraphQL-over-HTTP handler: graphql-yoga serving the Pothos schema, with GraphiQL.
 */
import { createYoga } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createLoaders } from '../loaders/index.js';
import type { GatewayContext } from '../schema/context.js';
import { schema } from '../schema/index.js';
import { maskError } from './errors.js';
import { defaultGraphiqlQuery } from './graphiql.js';

export interface GatewayOptions {
  config: Config;
  db: Database;
}

export function createGateway({ config, db }: GatewayOptions) {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.production
      ? false
      : { title: 'News gateway · GraphiQL', defaultQuery: defaultGraphiqlQuery },
    maskedErrors: { maskError },
    logging: config.production ? 'warn' : 'info',
    context: (): GatewayContext => {
      const now = new Date();
      return { prisma: db.prisma, config, now, loaders: createLoaders(db.prisma, now, config.related) };
    },
  });
}

export type Gateway = ReturnType<typeof createGateway>;

/**
 * Runs GraphQL operations through the real yoga handler (in process, over the Fetch API)
 * against a test database, and counts the SQL statements each one sends.
 */
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { ReadReplicas } from '../../src/db/replicas.js';
import { createArticleEventBus, type ArticleEventBus } from '../../src/events/article-events.js';
import type { PublicationDispatcher } from '../../src/events/dispatcher.js';
import { connectRedis, type RedisConnection } from '../../src/redis/connection.js';
import { createLogger } from '../../src/server/logging.js';
import { createGateway } from '../../src/server/yoga.js';

export interface GraphQLResponse<TData = any> {
  data?: TData;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestGateway {
  config: Config;
  /** The gateway's publication-event dispatcher (not polling unless started). */
  publications: PublicationDispatcher;
  /** The gateway's Redis connection (REDIS_URL in env), else null. */
  redis: RedisConnection | null;
  /** `token`: an editor's API token, sent as a bearer token. */
  query<TData = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<TData>>;
  /** Runs one operation and returns its response with the SQL statements it issued. */
  queryCountingStatements<TData = any>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ response: GraphQLResponse<TData>; statements: string[] }>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Ends the gateway's own connections and subscriptions (e.g. the cache's Redis client). */
  dispose(): Promise<void>;
}

/**
 * With REDIS_URL in `env`, the gateway gets its own Redis connection as `npm start` makes it
 * (closed by `dispose`); `events` defaults to a bus over it (or in process without Redis).
 */
export function createTestGateway(
  db: Database,
  env: Record<string, string> = {},
  givenEvents?: ArticleEventBus,
  { replicas = null }: { replicas?: ReadReplicas | null } = {},
): TestGateway {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const logger = createLogger(config);
  const redis: RedisConnection | null = connectRedis(config, logger);
  const events = givenEvents ?? createArticleEventBus();
  const gateway = createGateway({ config, db, events, redis, logger, replicas });

  const query = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };

  return {
    config,
    redis,
    publications: gateway.publications,
    query,
    async queryCountingStatements(text, variables) {
      const statements: string[] = [];
      const stop = db.onStatement((sql) => statements.push(sql));
      try {
        const response = await query(text, variables);
        return { response, statements };
      } finally {
        stop();
      }
    },
    fetch: async (path, init = {}) => gateway.fetch(new URL(path, 'http://gateway.test'), init),
    dispose: async () => {
      await gateway.dispose();
      if (!givenEvents) await events.close();
      await redis?.close();
    },
  };
}

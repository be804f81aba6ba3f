/**
 * The gateway's per-request layers, by name, for `bench/inprocess.ts --layers`: its yoga
 * server built the way src/server/yoga.ts builds it, from the plugin factories
 * src/server/plugins.ts composes, in the same order, so that one layer at a time can be left
 * out and its marginal CPU measured, without changing the gateway.
 *
 * Two layers are cut differently from plugins.ts: `cachingPlugins` is split into its
 * persisted-operation plugins (`persisted`) and its HTTP-caching plugin (`http-caching`; the
 * response cache itself is off in these measurements, as in the uncached rows of the harness).
 * `composedPluginCount` lets the caller check that the composition still matches
 * `gatewayPlugins` (a plugin added there and not here would go unmeasured).
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import type { ArticleEventBus } from '../src/events/article-events.js';
import type { GatewayContext } from '../src/schema/context.js';
import { schema } from '../src/schema/index.js';
import { createResponseStore } from '../src/cache/response-store.js';
import { cachingPlugins } from '../src/server/caching.js';
import { maskError } from '../src/server/errors.js';
import { feedsPlugin } from '../src/server/feeds.js';
import { healthPlugin } from '../src/server/health.js';
import { incrementalDeliveryPlugins } from '../src/server/incremental-delivery.js';
import { mediaPlugin } from '../src/server/media.js';
import { renditionsPlugin } from '../src/server/renditions.js';
import { documentLimitPlugins } from '../src/server/limits.js';
import { rateLimitPlugin } from '../src/server/rate-limits.js';
import { requestLoggingPlugin, yogaLogger } from '../src/server/logging.js';
import { metricsPlugins } from '../src/server/metrics.js';
import { persistedOperationPlugins } from '../src/server/persisted-operations.js';
import { gatewayPlugins } from '../src/server/plugins.js';
import { newRequestScope, requestScope } from '../src/server/request-scope.js';
import { requestContext } from '../src/server/yoga.js';

export type Fetch = (input: string, init: RequestInit) => Promise<Response> | Response;

/**
 * One GraphQL request to an in-process gateway's fetch handler, inside a request scope as
 * src/server/http.ts makes one (so the request log line and the per-request metrics run).
 * Throws on an answer with errors: a benchmark must not time error answers.
 */
export async function sendInProcess(fetch: Fetch, body: string): Promise<{ data?: unknown }> {
  const response = await requestScope.run(newRequestScope(undefined), () =>
    fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  );
  const json = (await response.json()) as { errors?: unknown; data?: unknown };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 300));
  return json;
}

export const LAYERS = [
  'health',
  'routes',
  'logging',
  'metrics',
  'rate-limit',
  'csrf',
  'incremental',
  'limits',
  'persisted',
  'http-caching',
] as const;
export type Layer = (typeof LAYERS)[number];

export interface LayerDependencies {
  config: Config;
  db: Database;
  events: ArticleEventBus;
  logger: Logger;
}

/** Each layer's plugins, as src/server/plugins.ts makes them for this configuration (none when it leaves a layer out). */
function layerPlugins({ config, db, logger }: LayerDependencies): Record<Layer, Plugin[]> {
  const store = createResponseStore(config, null, logger);
  const rateLimit = rateLimitPlugin(config, null);
  const withoutPersisted = {
    ...config,
    persistedOperations: { ...config.persistedOperations, apq: false, trustedDocuments: 'off' as const },
  };
  return {
    health: [healthPlugin(db, null)],
    // The other paths the gateway serves (/media, /renditions, feeds and sitemaps): each looks at every request's path.
    routes: [mediaPlugin(config.mediaDir), renditionsPlugin(config), feedsPlugin(config, db)],
    logging: [requestLoggingPlugin(logger, config.requestLogSample)],
    metrics: metricsPlugins(),
    'rate-limit': rateLimit ? [rateLimit] : [],
    csrf: config.csrfPrevention
      ? [useCSRFPrevention({ requestHeaders: ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'] })]
      : [],
    // @defer/@stream: its validation rules, and the merge for JSON-only clients.
    incremental: incrementalDeliveryPlugins(),
    limits: documentLimitPlugins(config),
    persisted: persistedOperationPlugins(config, null, logger),
    'http-caching': cachingPlugins({ config: withoutPersisted, store, redis: null, logger }),
  };
}

/** How many plugins the composition holds, and how many src/server/plugins.ts gives, for the same configuration. */
export function composedPluginCount(deps: LayerDependencies): { composed: number; gateway: number } {
  const composed = Object.values(layerPlugins(deps)).flat().length;
  return { composed, gateway: gatewayPlugins({ ...deps, store: createResponseStore(deps.config, null, deps.logger), redis: null }).length };
}

/** The gateway's yoga server with only the layers named (all of them: the gateway as configured). */
export function createLayeredGateway(deps: LayerDependencies, layers: readonly Layer[]) {
  const { config, db, events, logger } = deps;
  const plugins = layerPlugins(deps);
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    plugins: LAYERS.filter((layer) => layers.includes(layer)).flatMap((layer) => plugins[layer]),
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    maskedErrors: { maskError },
    logging: yogaLogger(logger),
    // Reads only: no editorial commit to deliver events for.
    context: requestContext({ config, db, events, logger, publications: { committed: async () => {} } }),
  });
}

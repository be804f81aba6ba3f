/**
 * Caching: persisted operations, the gateway's response cache, and HTTP caching for CDNs and
 * apps. Named plugins, composed in this order by `cachingPlugins` (one entry in
 * src/server/plugins.ts):
 *
 * 0. `cacheHitsPlugin` (src/server/cache-hits.ts): with a response store, a reader's cached
 *    query is answered as soon as its request arrives, and concurrent misses of one key share
 *    one execution;
 * 1. persisted operations (src/server/persisted-operations.ts): a hash becomes its document;
 * 2. `cacheTagsPlugin`: cache tags a resolver adds beyond the entities in the result (a
 *    related list depends on its source's tags), handed to the store with the result;
 * 3. `responseCachePlugin` (`@graphql-yoga/plugin-response-cache`) over a tagged store
 *    (src/cache/response-store.ts): readers' queries only, keyed by document, variables and
 *    the document's list tags; editors (any Authorization header) are never served from it
 *    nor stored in it. Purges come from publication events (src/events/dispatcher.ts), which
 *    every mutation writes with its change (see src/cache/invalidation.ts);
 * 4. `createHttpCaching` (src/server/http-caching.ts): Cache-Control, ETag, Surrogate-Key,
 *    Cache-Status.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { OperationTypeNode, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RedisConnection } from '../redis/connection.js';
import { EXTRA_TAGS_EXTENSION, type TaggedResponseCache } from '../cache/response-store.js';
import { cacheKey } from '../cache/tags.js';
import type { GatewayContext } from '../schema/context.js';
import { createDocumentAnalyzer, type DocumentAnalyzer } from './documents.js';
import { cacheHitsPlugin } from './cache-hits.js';
import { createHttpCaching } from './http-caching.js';
import { createPersistedOperations } from './persisted-operations.js';

export interface CachingDependencies {
  config: Config;
  /** The response store (src/cache/response-store.ts `createResponseStore`). */
  store: TaggedResponseCache;
  /** The gateway's Redis connection (src/redis/connection.ts), keys under the deployment's prefix. */
  redis: RedisConnection | null;
  logger: Logger;
}

/** Deterministic JSON (sorted keys), so `{a,b}` and `{b,a}` variables share a cache entry. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type RequestContext = Partial<GatewayContext> & { params?: { query?: string; operationName?: string } };

/**
 * Tags that resolvers added to `ctx.cacheTags` go with the result to the store, which files
 * the response under them too (and removes them from the result).
 */
export function cacheTagsPlugin(): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      const tags = (args.contextValue as RequestContext).cacheTags;
      return {
        onExecuteDone({ result }) {
          if (!tags) return;
          if (isAsyncIterable(result)) {
            // @defer / @stream: deferred resolvers (a related list) add their tags while later
            // parts are made. The response cache merges the parts and stores the whole when the
            // last one arrives, taking the extensions of the last part that had any: the tags
            // go on that last part, once every resolver has run.
            return {
              onNext({ result: part, setResult }) {
                if ((part as { hasNext?: boolean }).hasNext !== false || tags.size === 0) return;
                setResult({ ...part, extensions: { ...part.extensions, [EXTRA_TAGS_EXTENSION]: [...tags] } });
              },
            };
          }
          if (tags.size === 0) return;
          const extensions = ((result as ExecutionResult).extensions ??= {});
          extensions[EXTRA_TAGS_EXTENSION] = [...tags];
        },
      };
    },
  };
}

/** The response cache's key for a document, its operation and variables (readers share entries: no session). */
export function responseCacheKey(
  documents: DocumentAnalyzer,
  documentString: string,
  operationName: string | null | undefined,
  variables: unknown,
) {
  return cacheKey(
    documents.analyze(documentString).listTags,
    sha256([documentString, operationName ?? '', stableJson(variables ?? {}), ''].join('|')),
  );
}

export function responseCachePlugin(config: Config, store: TaggedResponseCache, documents: DocumentAnalyzer): Plugin {
  return useResponseCache<RequestContext>({
    cache: store,
    ttl: config.caching.ttlSeconds * 1000,
    // Entities are identified by their Relay global id; archive days by their date.
    idFields: ['id', 'date'],
    // Readers share entries (no session).
    session: () => null,
    // Editors: nothing cached or served. The plugin's own If-None-Match shortcut runs before
    // the request's params are known and compares against cache keys; our ETags are content
    // hashes (src/server/http-caching.ts), so it stays off.
    enabled: (request, context) => Boolean((context as RequestContext | undefined)?.params) && !request.headers.has('authorization'),
    // Mutations purge through the publication events they write (src/events/outbox.ts).
    invalidateViaMutation: false,
    buildResponseCacheKey: ({ documentString, operationName, variableValues }) =>
      responseCacheKey(documents, documentString, operationName, variableValues),
    // A response whose reads began before the latest purge may hold what was purged.
    onTtl: ({ ttl, context }) => (((context as RequestContext).now?.getTime() ?? 0) <= store.lastInvalidationAt ? 0 : ttl),
    includeExtensionMetadata: true,
  }) as Plugin;
}

export function cachingPlugins({ config, store, redis, logger }: CachingDependencies): Plugin[] {
  const log = logger.child({ component: 'caching' });
  // Entity tags (Surrogate-Key, purges) come from the response-cache plugin, which rewrites
  // every document to select `id` and `__typename` and walks every result: a cost worth paying
  // only when a cache or a CDN purge uses the tags. Without either, the plugin is left out.
  const collectsTags = config.caching.responseCache || config.caching.purgeWebhookUrl !== null || config.caching.edgePurgeUrls.length > 0;
  const documents = createDocumentAnalyzer();
  const persisted = createPersistedOperations(config, redis?.client ?? null, log);
  const http = createHttpCaching(config, store, collectsTags);
  // Hits answered before yoga parses the request, concurrent misses coalesced (src/server/cache-hits.ts).
  const earlyHits =
    store.kind === 'none'
      ? []
      : [
          cacheHitsPlugin({
            store,
            keyOf: (query, operationName, variables) => responseCacheKey(documents, query, operationName, variables),
            isQuery: (query, operationName) => documents.operation({ query, operationName })?.operation === OperationTypeNode.QUERY,
            persisted,
            http,
            csrfPrevention: config.csrfPrevention,
            joinTimeoutMs: config.http.requestTimeoutMs,
          }),
        ];
  return [
    ...earlyHits,
    ...persisted.plugins,
    ...(collectsTags ? [cacheTagsPlugin() as Plugin, responseCachePlugin(config, store, documents)] : []),
    http.plugin,
  ];
}

/**
 * Caching: persisted operations, the gateway's response cache, and HTTP caching for CDNs and
 * apps. One entry in src/server/plugins.ts, in this order:
 *
 * 1. persisted operations (src/server/persisted-operations.ts): a hash becomes its document;
 * 2. the response cache (`@graphql-yoga/plugin-response-cache`) over a tagged store
 *    (src/cache/response-store.ts): readers' queries only, keyed by document, variables and
 *    the document's list tags; editors (any Authorization header) are never served from it
 *    nor stored in it, but their mutations purge what they changed;
 * 3. purges: every publish event from the ArticleEventBus purges its tags
 *    (src/cache/tags.ts `tagsOfArticleEvent`) here, and calls the purge webhook (once per
 *    event across replicas when Redis is shared);
 * 4. HTTP: `Cache-Control` (public for readers' successful GET queries, `private, no-store`
 *    otherwise), a weak `ETag` over the data with `304 Not Modified` on `If-None-Match`,
 *    `Surrogate-Key` and `Cache-Tag` listing the response's tags, and `Cache-Status`.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, Kind, parse, type DocumentNode, type ExecutionResult, type OperationTypeNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RedisConnection } from '../redis/connection.js';
import type { ArticleEvent, ArticleEventBus } from '../events/article-events.js';
import { createPurgeWebhook, type PurgeWebhook } from '../cache/purge-webhook.js';
import {
  createMemoryResponseCache,
  createNullResponseCache,
  createRedisResponseCache,
  TAGS_EXTENSION,
  type TaggedResponseCache,
} from '../cache/response-store.js';
import {
  ARTICLE_MUTATION_LISTS,
  cacheKey,
  LIST_ARTICLE,
  LIST_AUTHOR,
  LIST_CATEGORY,
  LIST_TAG,
  listTagsOfDocument,
  tagsOfArticleEvent,
  TAXONOMY_MUTATION_LISTS,
} from '../cache/tags.js';
import type { GatewayContext } from '../schema/context.js';
import { schema } from '../schema/index.js';
import { responseCacheResults } from './metrics.js';
import { persistedOperationPlugins } from './persisted-operations.js';

export interface CachingDependencies {
  config: Config;
  events: ArticleEventBus;
  /** The gateway's Redis connection (src/redis/connection.ts), keys under the deployment's prefix. */
  redis: RedisConnection | null;
  logger: Logger;
}

/** A header this long is cut to the list tags, which every change purges (see below). */
const MAX_TAG_HEADER_BYTES = 8000;
const ALL_LIST_TAGS = [LIST_ARTICLE, LIST_AUTHOR, LIST_CATEGORY, LIST_TAG];
const CACHE_NAME = 'news-gateway';

interface DocumentInfo {
  document: DocumentNode | null;
  listTags: Set<string>;
}

/** Parses each distinct document text once (clients send few distinct documents). */
function createDocumentAnalyzer(max = 1000) {
  const memo = new Map<string, DocumentInfo>();
  const analyze = (text: string | undefined): DocumentInfo => {
    const key = text ?? '';
    let info = memo.get(key);
    if (info) return info;
    try {
      const document = parse(key, { noLocation: true });
      info = { document, listTags: listTagsOfDocument(schema, document) };
    } catch {
      // It will fail to execute; were it to run, every list tag over-purges rather than under.
      info = { document: null, listTags: new Set(ALL_LIST_TAGS) };
    }
    if (memo.size >= max) memo.clear();
    memo.set(key, info);
    return info;
  };
  const operation = (params: { query?: string; operationName?: string | null } | undefined) => {
    const { document } = analyze(params?.query);
    return document ? getOperationAST(document, params?.operationName ?? undefined) : null;
  };
  return {
    analyze,
    operation,
    /** Root fields of a mutation; null for any other operation. */
    mutationFields(params: { query?: string; operationName?: string | null } | undefined): string[] | null {
      const ast = operation(params);
      if (ast?.operation !== ('mutation' as OperationTypeNode)) return null;
      return ast.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
    },
  };
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

const sha256 = (text: string, encoding: 'hex' | 'base64url' = 'hex') => createHash('sha256').update(text).digest(encoding);

function cacheControlFor(config: Config): string {
  const { httpMaxAgeSeconds, httpSharedMaxAgeSeconds, httpStaleWhileRevalidateSeconds } = config.caching;
  return [
    'public',
    `max-age=${httpMaxAgeSeconds}`,
    ...(httpSharedMaxAgeSeconds !== null ? [`s-maxage=${httpSharedMaxAgeSeconds}`] : []),
    `stale-while-revalidate=${httpStaleWhileRevalidateSeconds}`,
  ].join(', ');
}

/** What the HTTP layer decided for one request, from its result. */
interface HttpDecision {
  public: boolean;
  tags: string[];
  etag: string | null;
  cacheStatus: string | null;
}

function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
}

function mergeVary(existing: string | null, add: string[]): string {
  const values = new Map<string, string>();
  for (const value of [...(existing ? existing.split(',') : []), ...add]) {
    const trimmed = value.trim();
    if (trimmed) values.set(trimmed.toLowerCase(), trimmed);
  }
  return [...values.values()].join(', ');
}

/** The tags as a header: the list tags alone when they would not fit (any change purges those). */
function tagHeader(tags: string[], separator: string): string {
  const joined = tags.join(separator);
  return Buffer.byteLength(joined) <= MAX_TAG_HEADER_BYTES ? joined : ALL_LIST_TAGS.join(separator);
}

export function cachingPlugins({ config, events, redis, logger }: CachingDependencies): Plugin[] {
  const log = logger.child({ component: 'caching' });
  // The response cache, APQ and purge election share the gateway's connection. It fails fast
  // when Redis is away: a request then goes without the cache rather than wait.
  const cacheRedis = redis?.client ?? null;

  const store: TaggedResponseCache = !config.caching.responseCache
    ? createNullResponseCache(log)
    : cacheRedis
      ? createRedisResponseCache(cacheRedis, log)
      : createMemoryResponseCache(config.caching.maxEntries, log);
  const webhook: PurgeWebhook | null = config.caching.purgeWebhookUrl
    ? createPurgeWebhook(config.caching.purgeWebhookUrl, config.caching.purgeWebhookSecret, log)
    : null;
  store.onMutationInvalidation = (tags) => void webhook?.purge(tags);

  // Entity tags (Surrogate-Key, purges) come from the response-cache plugin, which rewrites
  // every document to select `id` and `__typename` and walks every result: a cost worth paying
  // only when a cache or a CDN purge uses the tags. Without either, the plugin is left out.
  const collectsTags = config.caching.responseCache || webhook !== null;
  const documents = createDocumentAnalyzer();
  const decisions = new WeakMap<Request, HttpDecision>();
  const cacheControl = cacheControlFor(config);

  // Publish events → purge. Events are handled one at a time; a mutation's response waits
  // for the purge in progress (see onExecutionResult), so an editor who publishes and then
  // reloads as a reader on this replica sees the change.
  let purging: Promise<void> = Promise.resolve();
  let subscription: AsyncIterator<ArticleEvent> | null = null;

  /** One replica calls the webhook per event: the first to claim it in Redis. */
  async function claimEvent(event: ArticleEvent): Promise<boolean> {
    if (!cacheRedis) return true;
    try {
      const claimed = await cacheRedis.set(`purge:${event.type}:${event.articleId}:${event.occurredAt}`, '1', 'PX', 600_000, 'NX');
      return claimed === 'OK';
    } catch {
      return true; // better twice than never
    }
  }

  async function onArticleEvent(event: ArticleEvent) {
    const tags = tagsOfArticleEvent(event);
    await store.invalidateTags(tags);
    log.debug({ tags, event: event.type, articleId: event.articleId }, 'purged');
    if (webhook && (await claimEvent(event))) void webhook.purge(tags);
  }

  if (collectsTags) {
    subscription = events.subscribe()[Symbol.asyncIterator]();
    const iterator = subscription;
    void (async () => {
      for (;;) {
        let next: IteratorResult<ArticleEvent>;
        try {
          next = await iterator.next();
        } catch (error) {
          log.error({ err: error }, 'publish events: subscription failed; cached responses now expire by TTL only');
          return;
        }
        if (next.done) return;
        purging = onArticleEvent(next.value).catch((error: unknown) => log.error({ err: error }, 'purge failed'));
        await purging;
      }
    })();
  }

  const responseCache = useResponseCache<GatewayContext & { params?: { query?: string; operationName?: string } }>({
    cache: store,
    ttl: config.caching.ttlSeconds * 1000,
    // Entities are identified by their Relay global id; archive days by their date.
    idFields: ['id', 'date'],
    // Readers share entries (no session); an editor's requests are not cached anyway.
    session: (request) => {
      const authorization = request.headers.get('authorization');
      return authorization ? `editor:${sha256(authorization)}` : null;
    },
    enabled: (request, context) => {
      // The plugin's own If-None-Match shortcut runs before the request's params are known
      // and compares against cache keys; our ETags are content hashes (below), so it stays off.
      const params = (context as { params?: { query?: string; operationName?: string } } | undefined)?.params;
      if (!params) return false;
      if (!request.headers.has('authorization')) return true;
      // Editors: nothing cached or served, but a taxonomy write purges the entities it
      // returns (a renamed tag, a moved section). Article writes are purged by their events.
      const fields = documents.mutationFields(params);
      return fields !== null && fields.length > 0 && fields.every((field) => field in TAXONOMY_MUTATION_LISTS);
    },
    invalidateViaMutation: true,
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) =>
      cacheKey(
        documents.analyze(documentString).listTags,
        sha256([documentString, operationName ?? '', stableJson(variableValues ?? {}), sessionId ?? ''].join('|')),
      ),
    // A response whose reads began before the latest purge may hold what was purged.
    onTtl: ({ ttl, context }) => (((context as Partial<GatewayContext>).now?.getTime() ?? 0) <= store.lastInvalidationAt ? 0 : ttl),
    includeExtensionMetadata: true,
  });

  const httpCaching: Plugin = {
    async onExecutionResult({ request, context }) {
      const params = (context as { params?: { query?: string; operationName?: string } }).params;
      const fields = documents.mutationFields(params);
      if (!fields) return;
      if (request.headers.has('authorization')) {
        const taxonomy = [...new Set(fields.flatMap((field) => TAXONOMY_MUTATION_LISTS[field] ?? []))];
        const lists = [...new Set([...taxonomy, ...fields.flatMap((field) => ARTICLE_MUTATION_LISTS[field] ?? [])])];
        if (lists.length > 0) await store.invalidateTags(lists);
        if (taxonomy.length > 0) void webhook?.purge(taxonomy);
      }
      // The purge of this mutation's publish event, if any, is done before the answer goes out.
      await purging;
    },
    onResultProcess({ request, result, setResult }) {
      if (isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      let tags: string[] | undefined;
      let metadata: { hit?: boolean; didCache?: boolean; ttl?: number } | undefined;
      const cleaned = results.map((one: ExecutionResult) => {
        const extensions = one.extensions as Record<string, unknown> | undefined;
        if (!extensions || !(TAGS_EXTENSION in extensions || 'responseCache' in extensions)) return one;
        const { [TAGS_EXTENSION]: oneTags, responseCache, ...rest } = extensions;
        tags = oneTags as string[] | undefined;
        metadata = responseCache as typeof metadata;
        const copy = { ...one };
        if (Object.keys(rest).length > 0) copy.extensions = rest;
        else delete copy.extensions;
        return copy;
      });
      setResult(Array.isArray(result) ? cleaned : cleaned[0]!);

      const single = Array.isArray(result) ? null : (cleaned[0] as ExecutionResult);
      // Over GET, yoga runs queries only; with the plugin, a result without tags was not cacheable.
      const isPublic =
        request.method === 'GET' &&
        !request.headers.has('authorization') &&
        single !== null &&
        !single.errors?.length &&
        (tags !== undefined || !collectsTags);
      let cacheStatus: string | null = null;
      if (store.kind !== 'none') {
        const result = metadata?.hit ? 'hit' : metadata && 'hit' in metadata ? 'miss' : 'bypass';
        responseCacheResults.inc({ result });
        if (result === 'hit') cacheStatus = `${CACHE_NAME}; hit`;
        else if (metadata?.didCache) cacheStatus = `${CACHE_NAME}; fwd=miss; stored; ttl=${Math.round((metadata.ttl ?? 0) / 1000)}`;
        else cacheStatus = `${CACHE_NAME}; fwd=${result}`;
      }
      decisions.set(request, {
        public: isPublic,
        tags: tags ?? [],
        etag: isPublic ? `W/"${sha256(JSON.stringify(single!.data ?? null), 'base64url').slice(0, 27)}"` : null,
        cacheStatus,
      });
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      const decision = decisions.get(request);
      if (!decision) return;
      const headers = response.headers;
      // The response-cache plugin's own validators name its cache key, not the content.
      headers.delete('etag');
      headers.delete('last-modified');
      if (decision.cacheStatus) headers.set('cache-status', decision.cacheStatus);
      if (!decision.public) {
        headers.set('cache-control', 'private, no-store');
        return;
      }
      headers.set('cache-control', cacheControl);
      headers.set('etag', decision.etag!);
      // Representations differ by media type; editors' requests must not get a reader's copy.
      headers.set('vary', mergeVary(headers.get('vary'), ['Accept', 'Authorization']));
      if (decision.tags.length > 0) {
        headers.set('surrogate-key', tagHeader(decision.tags, ' '));
        headers.set('cache-tag', tagHeader(decision.tags, ','));
      }
      if (ifNoneMatchMatches(request.headers.get('if-none-match'), decision.etag!)) {
        const notModified = new fetchAPI.Headers(headers);
        notModified.delete('content-type');
        notModified.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers: notModified }));
      }
    },
    async onDispose() {
      await subscription?.return?.();
    },
  };

  return [...persistedOperationPlugins(config, cacheRedis, log), ...(collectsTags ? [responseCache] : []), httpCaching];
}

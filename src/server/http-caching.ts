/**
 * HTTP caching for CDNs and apps, from each result: `Cache-Control` (public for readers'
 * successful GET queries, `private, no-store` otherwise), a weak `ETag` over the data with
 * `304 Not Modified` on `If-None-Match`, `Surrogate-Key` and `Cache-Tag` listing the
 * response's cache tags, and `Cache-Status` (RFC 9211) saying what the response cache did.
 */
import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { EXTRA_TAGS_EXTENSION, TAGS_EXTENSION, type TaggedResponseCache } from '../cache/response-store.js';
import { ALL_LIST_TAGS } from './documents.js';
import { responseCacheResults } from './metrics.js';

/** A header this long is cut to the list tags, which every change purges (see below). */
const MAX_TAG_HEADER_BYTES = 8000;
const CACHE_NAME = 'news-gateway';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * `Cache-Control` of readers' public responses (GraphQL GETs and feeds). `stale-if-error` lets
 * an edge (deploy/varnish/gateway.vcl) keep serving its copy while every gateway is down or
 * restarting; `stale-while-revalidate` while it fetches a fresh one.
 */
export function cacheControlFor(config: Config): string {
  const { httpMaxAgeSeconds, httpSharedMaxAgeSeconds, httpStaleWhileRevalidateSeconds, httpStaleIfErrorSeconds } = config.caching;
  return [
    'public',
    `max-age=${httpMaxAgeSeconds}`,
    ...(httpSharedMaxAgeSeconds !== null ? [`s-maxage=${httpSharedMaxAgeSeconds}`] : []),
    `stale-while-revalidate=${httpStaleWhileRevalidateSeconds}`,
    ...(httpStaleIfErrorSeconds > 0 ? [`stale-if-error=${httpStaleIfErrorSeconds}`] : []),
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

type CacheMetadata = { hit?: boolean; didCache?: boolean; ttl?: number };

/** A result without the response cache's extensions (tags, metadata), and what they said. */
function withoutCacheExtensions<T extends ExecutionResult>(one: T): { cleaned: T; tags?: string[]; metadata?: CacheMetadata } {
  const extensions = one.extensions as Record<string, unknown> | undefined;
  if (!extensions || !(TAGS_EXTENSION in extensions || 'responseCache' in extensions || EXTRA_TAGS_EXTENSION in extensions))
    return { cleaned: one };
  const { [TAGS_EXTENSION]: tags, [EXTRA_TAGS_EXTENSION]: _extra, responseCache, ...rest } = extensions;
  const cleaned = { ...one };
  if (Object.keys(rest).length > 0) cleaned.extensions = rest;
  else delete cleaned.extensions;
  return { cleaned, tags: tags as string[] | undefined, metadata: responseCache as CacheMetadata | undefined };
}

/** A stored response as it goes out: its body, tags and content hash, made once per stored object. */
interface PreparedAnswer {
  body: string;
  tags: string[];
  etag: string;
}

/** How the response cache answered a request that never reached execution (src/server/cache-hits.ts). */
export type EarlyAnswer = 'hit' | 'collapsed';

export interface HttpCaching {
  plugin: Plugin;
  /**
   * The response to a reader's query answered from a stored (or a concurrent request's) result
   * before yoga parsed it, with the headers the plugin gives any response (set on its way out,
   * in `onResponse`): the same as a hit through the whole pipeline.
   */
  answer(request: Request, stored: ExecutionResult, how: EarlyAnswer, mediaType: string, fetchAPI: { Response: typeof Response }): Response;
}

/**
 * `collectsTags`: the response-cache plugin runs (a result without tags was then not
 * cacheable, so not public either).
 */
export function createHttpCaching(config: Config, store: TaggedResponseCache, collectsTags: boolean): HttpCaching {
  const decisions = new WeakMap<Request, HttpDecision>();
  const cacheControl = cacheControlFor(config);
  // Stored results are the same object on every hit from the memory store: their body and
  // ETag are made once (a hash of the data was a fifth of a hit's CPU).
  const prepared = new WeakMap<ExecutionResult, PreparedAnswer>();

  const cacheStatusOf = (metadata: CacheMetadata | undefined, collapsed = false): string | null => {
    if (store.kind === 'none') return null;
    const result = collapsed ? 'collapsed' : metadata?.hit ? 'hit' : metadata && 'hit' in metadata ? 'miss' : 'bypass';
    responseCacheResults.inc({ result });
    if (result === 'hit') return `${CACHE_NAME}; hit`;
    // RFC 9211: answered with what a concurrent request for the same document fetched.
    if (result === 'collapsed') return `${CACHE_NAME}; fwd=miss; collapsed`;
    if (metadata?.didCache) return `${CACHE_NAME}; fwd=miss; stored; ttl=${Math.round((metadata.ttl ?? 0) / 1000)}`;
    return `${CACHE_NAME}; fwd=${result}`;
  };
  const etagOf = (data: unknown) => `W/"${sha256(JSON.stringify(data ?? null)).slice(0, 27)}"`;
  // Over GET, yoga runs queries only.
  const readerGet = (request: Request) => request.method === 'GET' && !request.headers.has('authorization');

  const plugin: Plugin = {
    onResultProcess({ request, result, setResult }) {
      if (isAsyncIterable(result)) {
        // @defer / @stream: the headers leave before the last part is made, so nothing about
        // the whole is known yet; a stream is never a CDN's to keep (the gateway's own cache
        // stores the merged answer, src/server/caching.ts). The private extensions still come
        // off every part.
        setResult(mapAsyncIterator(result, (part) => withoutCacheExtensions(part).cleaned));
        const bypass = request.headers.has('authorization');
        if (store.kind !== 'none') responseCacheResults.inc({ result: bypass ? 'bypass' : 'miss' });
        decisions.set(request, {
          public: false,
          tags: [],
          etag: null,
          cacheStatus: store.kind === 'none' ? null : `${CACHE_NAME}; fwd=${bypass ? 'bypass' : 'miss'}`,
        });
        return;
      }
      const results = Array.isArray(result) ? result : [result];
      let tags: string[] | undefined;
      let metadata: CacheMetadata | undefined;
      const cleaned = results.map((one: ExecutionResult) => {
        const split = withoutCacheExtensions(one);
        if (split.cleaned !== one) ({ tags, metadata } = split);
        return split.cleaned;
      });
      setResult(Array.isArray(result) ? cleaned : cleaned[0]!);

      const single = Array.isArray(result) ? null : (cleaned[0] as ExecutionResult);
      // With the response-cache plugin, a result without tags was not cacheable.
      const isPublic = readerGet(request) && single !== null && !single.errors?.length && (tags !== undefined || !collectsTags);
      decisions.set(request, {
        public: isPublic,
        tags: tags ?? [],
        etag: isPublic ? etagOf(single!.data) : null,
        cacheStatus: cacheStatusOf(metadata),
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
  };

  return {
    plugin,
    answer(request, stored, how, mediaType, fetchAPI) {
      let ready = prepared.get(stored);
      if (!ready) {
        const { cleaned, tags } = withoutCacheExtensions(stored);
        // yoga never sends its internal `http` extension (the plugin's key-named validators).
        const { http: _http, ...extensions } = (cleaned.extensions ?? {}) as Record<string, unknown>;
        const body = JSON.stringify({ ...cleaned, extensions: Object.keys(extensions).length > 0 ? extensions : undefined });
        ready = { body, tags: tags ?? [], etag: etagOf(cleaned.data) };
        prepared.set(stored, ready);
      }
      decisions.set(request, {
        public: readerGet(request),
        tags: ready.tags,
        etag: ready.etag,
        cacheStatus: cacheStatusOf({ hit: true }, how === 'collapsed'),
      });
      return new fetchAPI.Response(ready.body, { status: 200, headers: { 'content-type': `${mediaType}; charset=utf-8` } });
    },
  };
}

/**
 * HTTP caching for CDNs and apps, from each result: `Cache-Control` (public for readers'
 * successful GET queries, `private, no-store` otherwise), a weak `ETag` over the data with
 * `304 Not Modified` on `If-None-Match`, `Surrogate-Key` and `Cache-Tag` listing the
 * response's cache tags, and `Cache-Status` (RFC 9211) saying what the response cache did.
 */
import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
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

/**
 * `collectsTags`: the response-cache plugin runs (a result without tags was then not
 * cacheable, so not public either).
 */
export function httpCachingPlugin(config: Config, store: TaggedResponseCache, collectsTags: boolean): Plugin {
  const decisions = new WeakMap<Request, HttpDecision>();
  const cacheControl = cacheControlFor(config);
  return {
    onResultProcess({ request, result, setResult }) {
      if (isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      let tags: string[] | undefined;
      let metadata: { hit?: boolean; didCache?: boolean; ttl?: number } | undefined;
      const cleaned = results.map((one: ExecutionResult) => {
        const extensions = one.extensions as Record<string, unknown> | undefined;
        if (!extensions || !(TAGS_EXTENSION in extensions || 'responseCache' in extensions || EXTRA_TAGS_EXTENSION in extensions))
          return one;
        const { [TAGS_EXTENSION]: oneTags, [EXTRA_TAGS_EXTENSION]: _extra, responseCache, ...rest } = extensions;
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
        etag: isPublic ? `W/"${sha256(JSON.stringify(single!.data ?? null)).slice(0, 27)}"` : null,
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
  };
}

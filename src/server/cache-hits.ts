/**
 * Response-cache hits answered before the pipeline, and concurrent misses coalesced.
 *
 * A hit through yoga's pipeline still built the request's params, ran every plugin's
 * `onParams`, the result processors and their hooks: ~0.3 ms of CPU for a stored answer. Here
 * a reader's query is looked up as soon as its request arrives (`onRequest`, after the rate
 * limit, which hits still spend: a client flooding cached pages still costs CPU and sockets) and
 * a stored result answered at once, with the headers src/server/http-caching.ts gives any
 * response (set in its `onResponse`, as the request log line and the metrics are in theirs).
 *
 * Everything unusual goes on to the pipeline, which answers it as before (from the cache too):
 * an editor (Authorization), a media type other than JSON, a GET without a CSRF header when
 * CSRF prevention is on (the pipeline refuses it), a batch, a document sent as text when only
 * trusted documents run, an APQ registration, a hash that is unknown, a body that is not JSON.
 *
 * Coalescing: the first miss of a key (document, operation, variables, as the response cache
 * keys it) runs the pipeline; identical requests arriving meanwhile wait for its result and
 * are answered with it (`Cache-Status: …; fwd=miss; collapsed`), so a purge of a popular page
 * costs one execution, not one per reader. A request never joins one that started before the
 * latest purge (it might carry what the purge was about), nor one whose result has errors (each
 * request then runs on its own, and its errors carry its own request id).
 */
import type { ExecutionResult } from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga';
import { TAGS_EXTENSION, type TaggedResponseCache } from '../cache/response-store.js';
import { ErrorCode } from '../errors/catalogue.js';
import { csrfSatisfied } from './csrf.js';
import type { HttpCaching } from './http-caching.js';
import { pathOf } from './logging.js';
import type { PersistedOperations } from './persisted-operations.js';
import { requestScope } from './request-scope.js';

interface Params {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

export interface CacheHitDependencies {
  store: TaggedResponseCache;
  /** The response cache's key (src/server/caching.ts `responseCacheKey`). */
  keyOf(query: string, operationName: string | undefined, variables: unknown): string;
  /** Whether the document's operation is a query (only queries are cached or coalesced). */
  isQuery(query: string, operationName: string | undefined): boolean;
  persisted: PersistedOperations;
  http: HttpCaching;
  csrfPrevention: boolean;
  /** How long a request waits for the concurrent one it joined before running on its own. */
  joinTimeoutMs: number;
}

/** The media type yoga would answer a single result with, for the Accept header; null for any other (or none). */
export function regularMediaType(accept: string | null): string | null {
  if (accept === null) return 'application/json';
  for (const entry of accept.toLowerCase().split(',')) {
    const [type, ...parameters] = entry.split(';').map((part) => part.trim());
    if (parameters.some((p) => p.startsWith('charset=') && p !== 'charset=utf-8')) continue;
    if (type === 'application/graphql-response+json' || type === 'application/json') return type;
    if (type === '*/*' || type === 'application/*') return 'application/json';
    // Anything else listed first (an event stream, multipart) is the pipeline's to decide.
    return null;
  }
  return null;
}

const KNOWN_PARAMS = new Set(['query', 'operationName', 'variables', 'extensions']);

/** GET's query string as yoga reads it; null when a value is not what the pipeline would accept here. */
function paramsOfUrl(url: string): Params | null {
  const question = url.indexOf('?');
  if (question < 0) return null;
  const search = new URLSearchParams(url.slice(question + 1));
  const params: Params = {};
  for (const [name, value] of search) {
    if (!KNOWN_PARAMS.has(name) || name in params) return null;
    params[name as keyof Params] = name === 'variables' || name === 'extensions' ? JSON.parse(value) : value;
  }
  return params;
}

/** The same refusal as yoga's JSON body parser (POST body sent invalid JSON). */
function invalidJson(error: unknown) {
  return createGraphQLError('POST body sent invalid JSON.', {
    extensions: {
      http: { spec: true, status: 400 },
      code: ErrorCode.BAD_REQUEST,
      ...(error instanceof Error ? { originalError: { name: error.name, message: error.message } } : {}),
    },
  });
}

const isJsonPost = (request: Request) => {
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  return request.method === 'POST' && (type.startsWith('application/json') || type.startsWith('application/graphql+json'));
};

interface Flight {
  /** The store's latest purge when the flight began: none since, or nobody joins. */
  purgeSeen: number;
  result: Promise<ExecutionResult | null>;
  settle(result: ExecutionResult | null): void;
}

export function cacheHitsPlugin({ store, keyOf, isQuery, persisted, http, csrfPrevention, joinTimeoutMs }: CacheHitDependencies): Plugin {
  /** POST bodies read here, handed to yoga instead of reading the (consumed) body again. */
  const bodies = new WeakMap<Request, { params: unknown } | { error: unknown }>();
  const flights = new Map<string, Flight>();
  const leading = new WeakMap<Request, Flight>();

  /** The document text and key of a request this path may answer; null to leave it to the pipeline. */
  async function keyFor(params: unknown): Promise<string | null> {
    if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
    const { query, operationName, variables, extensions } = params as Params;
    if (Object.keys(params).some((name) => !KNOWN_PARAMS.has(name))) return null;
    if (operationName != null && typeof operationName !== 'string') return null;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
    let text: string | null | undefined;
    if (extensions != null) {
      const { persistedQuery, ...others } = extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } };
      // A registration (text and hash), or other extensions, take the whole way.
      if (query != null || Object.keys(others).length > 0 || persistedQuery?.version !== 1) return null;
      if (typeof persistedQuery.sha256Hash !== 'string') return null;
      text = await persisted.lookup(persistedQuery.sha256Hash);
    } else if (typeof query === 'string' && persisted.acceptsText) {
      text = query;
    }
    if (!text || !isQuery(text, operationName ?? undefined)) return null;
    return keyOf(text, operationName ?? undefined, variables ?? {});
  }

  async function paramsOf(request: Request): Promise<unknown> {
    if (request.method === 'GET') {
      try {
        return paramsOfUrl(request.url);
      } catch {
        return null; // not JSON: the pipeline says so
      }
    }
    if (!isJsonPost(request)) return null;
    const text = await request.text();
    try {
      const params = JSON.parse(text) as unknown;
      bodies.set(request, { params });
      return params;
    } catch (error) {
      bodies.set(request, { error });
      return null;
    }
  }

  const join = async (flight: Flight): Promise<ExecutionResult | null> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), joinTimeoutMs)));
    try {
      return await Promise.race([flight.result, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (store.suspended || request.headers.has('authorization')) return;
      if (pathOf(request.url) !== '/graphql') return;
      const mediaType = regularMediaType(request.headers.get('accept'));
      if (!mediaType || (csrfPrevention && !csrfSatisfied(request))) return;
      const params = await paramsOf(request);
      const key = await keyFor(params);
      if (!key) return;

      const scope = requestScope.getStore();
      if (scope) scope.operationName = ((params as Params).operationName as string | undefined) ?? null;
      const stored = await store.get(key);
      if (stored) return endResponse(http.answer(request, stored, 'hit', mediaType, fetchAPI));

      const flight = flights.get(key);
      if (flight && flight.purgeSeen === store.lastInvalidationAt) {
        const result = await join(flight);
        if (result) return endResponse(http.answer(request, result, 'collapsed', mediaType, fetchAPI));
        return;
      }
      let settle!: Flight['settle'];
      const result = new Promise<ExecutionResult | null>((resolve) => (settle = resolve));
      const mine: Flight = {
        purgeSeen: store.lastInvalidationAt,
        result,
        settle: (value) => {
          if (flights.get(key) === mine) flights.delete(key);
          settle(value);
        },
      };
      flights.set(key, mine);
      leading.set(request, mine);
    },
    onRequestParse({ request, setRequestParser }) {
      const body = bodies.get(request);
      if (!body) return;
      setRequestParser(() => {
        if ('error' in body) throw invalidJson(body.error);
        if (body.params === null || typeof body.params !== 'object') {
          throw createGraphQLError(
            `POST body is expected to be object but received ${body.params === null ? 'null' : typeof body.params}`,
            {
              extensions: { http: { status: 400 }, code: ErrorCode.BAD_REQUEST },
            },
          );
        }
        return body.params as Record<string, unknown>;
      });
    },
    onResultProcess({ request, result }) {
      const flight = leading.get(request);
      if (!flight) return;
      const single = Array.isArray(result) || isAsyncIterable(result) ? null : (result as ExecutionResult);
      // Only a result the cache stored (so tagged, and read after the latest purge) is shared.
      const stored = single && !single.errors?.length && single.extensions && TAGS_EXTENSION in single.extensions;
      flight.settle(stored ? single : null);
    },
    onResponse({ request }) {
      // Refused before a result (a limit, a parse error): whoever joined runs on its own.
      leading.get(request)?.settle(null);
    },
  };
}

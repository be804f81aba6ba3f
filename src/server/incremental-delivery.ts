/**
 * Incremental delivery: `@defer` on fragments and `@stream` on lists, answered over
 * `multipart/mixed` or `text/event-stream` as the client's Accept header asks (a mobile article
 * screen gets title, lead and body at once, the related articles in a later part).
 *
 * - `@graphql-yoga/plugin-defer-stream` adds the directives' validation rules (the directives
 *   themselves are in the schema, src/schema/directives.ts);
 * - the directives are hints, and a client that accepts only JSON gets the parts merged into
 *   one complete answer (yoga would answer it 406 Not Acceptable after doing all the work).
 *
 * Everything else judges the whole document before the first part is sent: the limits
 * (src/server/limits.ts) see deferred and streamed selections like any other, the rate limit
 * counts the request once; the response cache stores the merged answer once the last part is in
 * (src/server/caching.ts); HTTP caches get `private, no-store` for a stream
 * (src/server/http-caching.ts).
 */
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, processRegularResult, type Plugin } from 'graphql-yoga';

/** One part of an incremental answer (the 2022-08-24 format graphql-yoga's executor sends). */
export interface IncrementalPart extends ExecutionResult {
  hasNext?: boolean;
  incremental?: readonly {
    path: readonly (string | number)[];
    data?: Record<string, unknown> | null;
    items?: readonly unknown[] | null;
    errors?: readonly GraphQLError[];
    extensions?: Record<string, unknown>;
  }[];
}

type Json = Record<string | number, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** `patch` merged into `target` field by field (a deferred fragment may add to an object sent before). */
function deepMerge(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) deepMerge(existing, value);
    else target[key] = value;
  }
}

/** The answer the parts make together, as one result: what a client would have after the last part. */
export function mergeIncrementalParts(parts: readonly IncrementalPart[]): ExecutionResult {
  const [first, ...later] = parts;
  const merged: ExecutionResult = { data: structuredClone(first?.data ?? null) };
  const errors: GraphQLError[] = [...(first?.errors ?? [])];
  let extensions = first?.extensions;
  for (const part of later) {
    for (const patch of part.incremental ?? []) {
      errors.push(...(patch.errors ?? []));
      if (patch.items) {
        // The path ends with the index of the first streamed item.
        const listPath = patch.path.slice(0, -1);
        const start = Number(patch.path.at(-1));
        const list = listPath.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), merged.data);
        if (Array.isArray(list)) patch.items.forEach((item, i) => (list[start + i] = item));
      } else if (patch.data) {
        const target = patch.path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), merged.data);
        if (isObject(target)) deepMerge(target, patch.data);
      }
    }
    errors.push(...(part.errors ?? []));
    if (part.extensions) extensions = { ...extensions, ...part.extensions };
  }
  if (errors.length > 0) merged.errors = errors;
  if (extensions) merged.extensions = extensions;
  return merged;
}

const JSON_TYPES = ['application/graphql-response+json', 'application/json'];

/** For clients that accept JSON and no stream: every part, merged into one answer. */
function wholeAnswerForJsonClients(): Plugin {
  return {
    async onResultProcess({ request, result, resultProcessor, setResult, setResultProcessor }) {
      // A stream format the client accepts was chosen already (yoga's own hook runs first).
      if (!isAsyncIterable(result) || resultProcessor) return;
      const accept = (request.headers.get('accept') ?? '').toLowerCase();
      const mediaType = JSON_TYPES.find((type) => accept.includes(type));
      if (!mediaType) return;
      const parts: IncrementalPart[] = [];
      for await (const part of result) parts.push(part as IncrementalPart);
      setResult(mergeIncrementalParts(parts));
      setResultProcessor(processRegularResult, mediaType);
    },
  };
}

export function incrementalDeliveryPlugins(): Plugin[] {
  return [useDeferStream() as Plugin, wholeAnswerForJsonClients()];
}

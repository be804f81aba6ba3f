/**
 * Automatic persisted queries (Apollo's protocol, as `@graphql-yoga/plugin-apq` speaks it),
 * with a store that keeps only what the gateway would run. The library stores a document as
 * soon as its hash checks out, before it is parsed: a 0.9 MB document answered QUERY_TOO_LARGE
 * stayed in Redis for a day. Here a registration is held for the request and written only
 * when the operation is about to execute, i.e. it passed parsing, validation, the cost limit
 * and the argument checks; a document over `maxDocumentBytes` is never kept. Without Redis the
 * store is an LRU bounded by entries and by bytes.
 */
import { createHash } from 'node:crypto';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { errorExtensions, ErrorCode } from '../errors/catalogue.js';

export const APQ_TTL_SECONDS = 24 * 60 * 60;
const MEMORY_MAX_ENTRIES = 1000;

export interface PersistedQueryStore {
  get(hash: string): Promise<string | null | undefined> | string | null | undefined;
  set(hash: string, query: string): Promise<unknown> | unknown;
}

/** Least recently used first out, once either bound would be passed. */
export class BoundedDocumentStore implements PersistedQueryStore {
  private readonly documents = new Map<string, { query: string; bytes: number; expiresAt: number }>();
  private bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
    private readonly ttlMs = APQ_TTL_SECONDS * 1000,
    private readonly now = () => Date.now(),
  ) {}

  get size(): number {
    return this.documents.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(hash: string): string | null {
    const entry = this.documents.get(hash);
    if (!entry) return null;
    this.documents.delete(hash);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.bytes;
      return null;
    }
    this.documents.set(hash, entry);
    return entry.query;
  }

  set(hash: string, query: string): void {
    const bytes = Buffer.byteLength(query, 'utf8');
    if (bytes > this.maxBytes) return;
    const previous = this.documents.get(hash);
    if (previous) {
      this.documents.delete(hash);
      this.bytes -= previous.bytes;
    }
    while (this.documents.size >= this.maxEntries || this.bytes + bytes > this.maxBytes) {
      const [oldest, entry] = this.documents.entries().next().value!;
      this.documents.delete(oldest);
      this.bytes -= entry.bytes;
    }
    this.documents.set(hash, { query, bytes, expiresAt: this.now() + this.ttlMs });
    this.bytes += bytes;
  }
}

/** Redis keys `<prefix>apq:<hash>` (the client carries the prefix) for a day, or the bounded LRU. */
export function createAPQStore(redis: Redis | null, memoryMaxBytes: number): PersistedQueryStore {
  if (!redis) return new BoundedDocumentStore(MEMORY_MAX_ENTRIES, memoryMaxBytes);
  return {
    get: (hash) => redis.get(`apq:${hash}`),
    set: (hash, query) => redis.set(`apq:${hash}`, query, 'EX', APQ_TTL_SECONDS),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface PersistedQueryExtension {
  version: 1;
  sha256Hash: string;
}

function persistedQueryExtension(value: unknown): PersistedQueryExtension | null {
  const candidate = value as Partial<PersistedQueryExtension> | null;
  return candidate && typeof candidate === 'object' && candidate.version === 1 && typeof candidate.sha256Hash === 'string'
    ? (candidate as PersistedQueryExtension)
    : null;
}

export function automaticPersistedQueriesPlugin(store: PersistedQueryStore, { maxDocumentBytes }: { maxDocumentBytes: number }): Plugin {
  /** Registrations waiting for their operation to execute: request → query text → hash. */
  const pending = new WeakMap<Request, Map<string, string>>();

  const commit = async (context: unknown) => {
    const { request, params } = (context ?? {}) as { request?: Request; params?: { query?: string } };
    const waiting = request && pending.get(request);
    const query = params?.query;
    if (!waiting || query === undefined) return;
    const hash = waiting.get(query);
    if (hash === undefined) return;
    waiting.delete(query);
    try {
      await store.set(hash, query);
    } catch {
      // Not kept: the client registers the document again next time. The request goes on.
    }
  };

  return {
    async onParams({ params, setParams, request }) {
      const extension = persistedQueryExtension(params.extensions?.persistedQuery);
      if (!extension) return;
      if (params.query == null) {
        const query = await store.get(extension.sha256Hash);
        if (query == null) {
          throw createGraphQLError('PersistedQueryNotFound', { extensions: errorExtensions(ErrorCode.PERSISTED_QUERY_NOT_FOUND) });
        }
        setParams({ ...params, query });
        return;
      }
      if (sha256(params.query) !== extension.sha256Hash) {
        throw createGraphQLError('PersistedQueryMismatch', { extensions: errorExtensions(ErrorCode.PERSISTED_QUERY_MISMATCH) });
      }
      if (Buffer.byteLength(params.query, 'utf8') > maxDocumentBytes) return;
      let waiting = pending.get(request);
      if (!waiting) pending.set(request, (waiting = new Map()));
      waiting.set(params.query, extension.sha256Hash);
    },
    async onExecute({ args }) {
      await commit(args.contextValue);
    },
    async onSubscribe({ args }) {
      await commit(args.contextValue);
    },
  };
}

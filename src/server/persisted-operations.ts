/**
 * Persisted operations: clients send a document's SHA-256 instead of its text.
 *
 * - Automatic persisted queries (APQ=on, src/server/automatic-persisted-queries.ts, Apollo's protocol): a
 *   client sends `extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}`, over GET as
 *   well; on PERSISTED_QUERY_NOT_FOUND it sends the text once with the hash, and the gateway
 *   keeps it once it passed every limit (in Redis with REDIS_URL, shared by replicas, for a day;
 *   else in a bounded memory store); a document over APQ_MAX_DOCUMENT_BYTES is never kept.
 * - Trusted documents (TRUSTED_DOCUMENTS, `@graphql-yoga/plugin-persisted-operations`): the
 *   manifest `persisted-operations.json` (src/persisted/manifest.ts) lists the operations the
 *   project's clients send. `allow`: their hashes work without registration, and anything
 *   else still runs (with APQ as usual). `require`: only they run; any other request is
 *   refused with PERSISTED_QUERY_ONLY (text sent) or PERSISTED_QUERY_NOT_FOUND (unknown hash),
 *   and APQ is off, since registering would let any document in.
 */
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorExtensions, ErrorCode } from '../errors/catalogue.js';
import { loadManifest } from '../persisted/manifest.js';
import { automaticPersistedQueriesPlugin, createAPQStore, type PersistedQueryStore } from './automatic-persisted-queries.js';

/** Manifest entries first, then whatever clients registered. */
function withManifest(manifest: Map<string, string>, store: PersistedQueryStore): PersistedQueryStore {
  return {
    get: (hash) => manifest.get(hash) ?? store.get(hash),
    set: (hash, query) => (manifest.has(hash) ? undefined : store.set(hash, query)),
  };
}

const onlyTrusted = {
  message:
    'Only trusted documents run here: send extensions.persistedQuery.sha256Hash of an operation in persisted-operations.json, without the query text',
  extensions: errorExtensions(ErrorCode.PERSISTED_QUERY_ONLY),
};

function trustedDocumentsPlugin(manifest: Map<string, string>, allowArbitraryOperations: boolean): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations,
    // A string, not a parsed document: the response cache reads the text (src/cache/tags.ts).
    getPersistedOperation: (hash) => manifest.get(hash) ?? null,
    customErrors: {
      notFound: {
        message: 'PersistedQueryNotFound',
        extensions: errorExtensions(ErrorCode.PERSISTED_QUERY_NOT_FOUND),
      },
      persistedQueryOnly: onlyTrusted,
      keyNotFound: onlyTrusted,
    },
  }) as Plugin;
}

/** The plugins, and the same lookup they use, for the response cache's early answers (src/server/cache-hits.ts). */
export interface PersistedOperations {
  /** To go before the response cache: it keys responses by the document's text, which these fill in from the hash. */
  plugins: Plugin[];
  /** The document a hash stands for, as the plugins would find it; null when unknown or when hashes are off. */
  lookup(hash: string): Promise<string | null | undefined> | string | null | undefined;
  /** Whether a document sent as text may run (false with TRUSTED_DOCUMENTS=require). */
  acceptsText: boolean;
}

export function createPersistedOperations(config: Config, redis: Redis | null, logger: Logger): PersistedOperations {
  const { apq, trustedDocuments, manifestPath, apqMaxDocumentBytes, apqMemoryMaxBytes } = config.persistedOperations;
  const apqPlugin = (store: PersistedQueryStore) => automaticPersistedQueriesPlugin(store, { maxDocumentBytes: apqMaxDocumentBytes });
  if (trustedDocuments === 'off') {
    if (!apq) return { plugins: [], lookup: () => null, acceptsText: true };
    const store = createAPQStore(redis, apqMemoryMaxBytes);
    return { plugins: [apqPlugin(store)], lookup: (hash) => store.get(hash), acceptsText: true };
  }

  const manifest = loadManifest(manifestPath);
  logger.info({ manifest: manifestPath, documents: manifest.size, mode: trustedDocuments }, 'trusted documents');
  const fromManifest = (hash: string) => manifest.get(hash) ?? null;
  if (trustedDocuments === 'require')
    return { plugins: [trustedDocumentsPlugin(manifest, false)], lookup: fromManifest, acceptsText: false };
  if (!apq) return { plugins: [trustedDocumentsPlugin(manifest, true)], lookup: fromManifest, acceptsText: true };
  const store = withManifest(manifest, createAPQStore(redis, apqMemoryMaxBytes));
  return { plugins: [apqPlugin(store)], lookup: (hash) => store.get(hash), acceptsText: true };
}

/** The plugins alone (bench/layers.ts measures them as one layer). */
export function persistedOperationPlugins(config: Config, redis: Redis | null, logger: Logger): Plugin[] {
  return createPersistedOperations(config, redis, logger).plugins;
}

/**
 * Persisted operations: clients send a document's SHA-256 instead of its text.
 *
 * - Automatic persisted queries (APQ=on, `@graphql-yoga/plugin-apq`, Apollo's protocol): a
 *   client sends `extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}`, over GET as
 *   well; on PERSISTED_QUERY_NOT_FOUND it sends the text once with the hash, and the gateway
 *   keeps it (in Redis with REDIS_URL, shared by replicas, for a day; else in memory).
 * - Trusted documents (TRUSTED_DOCUMENTS, `@graphql-yoga/plugin-persisted-operations`): the
 *   manifest `persisted-operations.json` (src/persisted/manifest.ts) lists the operations the
 *   project's clients send. `allow`: their hashes work without registration, and anything
 *   else still runs (with APQ as usual). `require`: only they run; any other request is
 *   refused with PERSISTED_QUERY_ONLY (text sent) or PERSISTED_QUERY_NOT_FOUND (unknown hash),
 *   and APQ is off, since registering would let any document in.
 */
import { createInMemoryAPQStore, useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorExtensions, ErrorCode } from '../errors/catalogue.js';
import { loadManifest } from '../persisted/manifest.js';

const APQ_TTL_SECONDS = 24 * 60 * 60;

/** APQ's store: Redis keys `<prefix>apq:<hash>` (the client carries the prefix), or an LRU. */
export function createAPQStore(redis: Redis | null): APQStore {
  if (!redis) return createInMemoryAPQStore({ max: 1000, ttl: APQ_TTL_SECONDS * 1000 });
  return {
    get: (hash) => redis.get(`apq:${hash}`),
    set: (hash, query) => redis.set(`apq:${hash}`, query, 'EX', APQ_TTL_SECONDS),
  };
}

/** Manifest entries first, then whatever clients registered. */
function withManifest(manifest: Map<string, string>, store: APQStore): APQStore {
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

/**
 * The plugins, to go before the response cache: it keys responses by the document's text,
 * which these fill in from the hash.
 */
export function persistedOperationPlugins(config: Config, redis: Redis | null, logger: Logger): Plugin[] {
  const { apq, trustedDocuments, manifestPath } = config.persistedOperations;
  if (trustedDocuments === 'off') return apq ? [useAPQ({ store: createAPQStore(redis) })] : [];

  const manifest = loadManifest(manifestPath);
  logger.info({ manifest: manifestPath, documents: manifest.size, mode: trustedDocuments }, 'trusted documents');
  if (trustedDocuments === 'require') return [trustedDocumentsPlugin(manifest, false)];
  return apq ? [useAPQ({ store: withManifest(manifest, createAPQStore(redis)) })] : [trustedDocumentsPlugin(manifest, true)];
}

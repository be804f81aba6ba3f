/**
 * Where cached responses live, indexed by cache tag (src/cache/tags.ts): in this process
 * (an LRU), or in Redis (`@envelop/response-cache-redis`) so that replicas share one cache and
 * one purge reaches them all. Both sit behind the response-cache plugin's `Cache` interface,
 * with three additions:
 *
 * - each stored response is indexed by its tags only (never by bare typename, which the Redis
 *   store would purge with a `KEYS` scan), and carries them in a private extension so that a
 *   hit can still say what it contains (`Surrogate-Key`); see `TAGS_EXTENSION`;
 * - `invalidateTags(tags)` purges by tag, atomically in Redis (one script, so a response
 *   stored while the purge runs cannot lose its index entries);
 * - `lastInvalidationAt`: a response whose reads started before the latest purge is not stored
 *   (it may hold what the purge was about); see `onTtl` in src/server/caching.ts;
 * - the Redis store is suspended (answers without the cache, stores nothing) from any failure
 *   until the publication dispatcher has caught up with the purges owed meanwhile
 *   (src/events/dispatcher.ts): a Redis that kept its data through an outage must not serve
 *   what was published or withdrawn during it.
 */
import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RedisConnection } from '../redis/connection.js';
import { listTagsOfKey, tagsOfEntities, type CacheEntity } from './tags.js';

/** Extension carrying a stored response's tags; removed before a response leaves the gateway. */
export const TAGS_EXTENSION = 'x-cache-tags';
/** Tags resolvers added (`ctx.cacheTags`, src/server/caching.ts), merged into TAGS_EXTENSION. */
export const EXTRA_TAGS_EXTENSION = 'x-extra-cache-tags';

export interface TaggedResponseCache extends Cache {
  /** `memory`: this process's own; `redis`: shared by the replicas; `none`: tags only. */
  readonly kind: 'memory' | 'redis' | 'none';
  /** Purges every response stored under any of the tags; throws when the store is unreachable. */
  invalidateTags(tags: Iterable<string>): Promise<void>;
  /** A purge happened elsewhere (another replica purged the shared store): see lastInvalidationAt. */
  noteInvalidation(): void;
  /** Date.now() of the latest purge. */
  readonly lastInvalidationAt: number;
  /** True while the store is skipped (see above). */
  readonly suspended: boolean;
  suspend(): void;
  resume(): void;
  /** Throws when the store is unreachable. */
  probe(): Promise<void>;
}

interface TagIndex {
  get(key: string): Promise<ExecutionResult | null | undefined> | ExecutionResult | null | undefined;
  set(key: string, result: ExecutionResult, tags: string[], ttlMs: number): Promise<void> | void;
  purge(tags: string[]): Promise<void> | void;
  probe?(): Promise<unknown>;
}

function tagged(kind: TaggedResponseCache['kind'], index: TagIndex, logger: Logger, startSuspended = false): TaggedResponseCache {
  let lastInvalidationAt = 0;
  let suspended = startSuspended;
  // While Redis is away every request would fail the same way: say it once a minute.
  let lastWarning = 0;
  const warn = (error: unknown, message: string) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, message);
  };
  const cache: TaggedResponseCache = {
    kind,
    get lastInvalidationAt() {
      return lastInvalidationAt;
    },
    get suspended() {
      return suspended;
    },
    suspend() {
      suspended = true;
    },
    resume() {
      suspended = false;
    },
    async probe() {
      await index.probe?.();
    },
    noteInvalidation() {
      lastInvalidationAt = Date.now();
    },
    async get(key) {
      if (suspended) return null;
      try {
        return (await index.get(key)) ?? null;
      } catch (error) {
        suspended = true;
        warn(error, 'response cache: read failed, answering without the cache until purges are caught up');
        return null;
      }
    },
    async set(key, result, entities, ttl) {
      // The live result carries its tags out to the HTTP layer (and into the stored copy).
      const extensions = ((result as { extensions?: Record<string, unknown> }).extensions ??= {});
      const extra = (extensions[EXTRA_TAGS_EXTENSION] as string[] | undefined) ?? [];
      delete extensions[EXTRA_TAGS_EXTENSION];
      const tags = [...new Set([...tagsOfEntities(entities as Iterable<CacheEntity>), ...listTagsOfKey(key), ...extra])].sort();
      extensions[TAGS_EXTENSION] = tags;
      if (suspended) return;
      try {
        await index.set(key, result, tags, ttl);
      } catch (error) {
        suspended = true;
        warn(error, 'response cache: write failed');
      }
    },
    // Mutations purge through their publication events (src/events/outbox.ts), not here.
    invalidate() {},
    async invalidateTags(tags) {
      lastInvalidationAt = Date.now();
      const list = [...new Set(tags)];
      if (list.length === 0) return;
      try {
        await index.purge(list);
      } catch (error) {
        suspended = true;
        throw error;
      }
    },
  };
  return cache;
}

/** In this process: an LRU of `maxEntries` responses. */
export function createMemoryResponseCache(maxEntries: number, logger: Logger): TaggedResponseCache {
  const inner = createInMemoryCache({ max: maxEntries });
  return tagged(
    'memory',
    {
      get: (key) => inner.get(key),
      set: (key, result, tags, ttl) =>
        inner.set(
          key,
          result,
          tags.map((tag) => ({ typename: tag })),
          ttl,
        ),
      purge: (tags) => inner.invalidate(tags.map((tag) => ({ typename: tag }))),
    },
    logger,
  );
}

/** Nothing is kept; tags are still collected, for the HTTP layer's Surrogate-Key. */
export function createNullResponseCache(logger: Logger): TaggedResponseCache {
  return tagged('none', { get: () => null, set: () => {}, purge: () => {} }, logger);
}

/**
 * Purges tag sets and every response they name in one step. `redis` has a key prefix (ioredis
 * `keyPrefix`), which it adds to KEYS but not to the response ids read from the sets.
 */
const PURGE_SCRIPT = `
local prefix = ARGV[1]
local purged = 0
for _, tag in ipairs(KEYS) do
  local ids = redis.call('SMEMBERS', tag)
  for _, id in ipairs(ids) do
    purged = purged + redis.call('DEL', prefix .. id, prefix .. 'operations:' .. id)
  end
  redis.call('DEL', tag)
end
return purged`;

/**
 * In Redis, under the client's key prefix: `<key>` (the response JSON, with a TTL), `<tag>`
 * (a set of response keys) and `operations:<key>` (the store's reverse index). Tag sets expire
 * a minute after the newest response in them, so they do not outlive their responses by long.
 */
export function createRedisResponseCache(redis: Redis, logger: Logger): TaggedResponseCache {
  const store = createRedisCache({ redis });
  const prefix = redis.options.keyPrefix ?? '';
  return tagged(
    'redis',
    {
      get: (key) => store.get(key),
      async set(key, result, tags, ttl) {
        await store.set(
          key,
          result,
          tags.map((tag) => ({ typename: tag })),
          ttl,
        );
        const keep = ttl + 60_000;
        const pipeline = redis.pipeline();
        for (const tag of tags) pipeline.pexpire(tag, keep);
        pipeline.pexpire(`operations:${key}`, keep);
        await pipeline.exec();
      },
      async purge(tags) {
        await redis.eval(PURGE_SCRIPT, tags.length, ...tags, prefix);
      },
      probe: () => redis.ping(),
    },
    logger,
    // Until the dispatcher has purged what was published while no replica could (see above).
    true,
  );
}

/** The store the configuration asks for: none, Redis (shared by replicas), or this process's memory. */
export function createResponseStore(config: Config, redis: RedisConnection | null, logger: Logger): TaggedResponseCache {
  const log = logger.child({ component: 'response-cache' });
  if (!config.caching.responseCache) return createNullResponseCache(log);
  if (redis) return createRedisResponseCache(redis.client, log);
  return createMemoryResponseCache(config.caching.maxEntries, log);
}

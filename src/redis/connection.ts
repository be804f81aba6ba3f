/**
 * The gateway's one Redis connection, made from the configuration and handed to everything
 * that uses Redis: the response cache store, APQ, rate limits, readiness, publication events.
 *
 * Redis is optional at run time: no Redis failure may end the process, at start or later.
 *
 * - `enableOfflineQueue: false` and `maxRetriesPerRequest: 0`: while the connection is down a
 *   command fails at once (the caller goes without the cache, the rate limiter falls back to
 *   its per-process limiter, an outbox event stays undispatched) instead of queueing and then
 *   rejecting later with MaxRetriesPerRequestError, which nothing awaited;
 * - `commandTimeout`: a frozen Redis (SIGSTOP, a partition) fails a command within a second;
 * - `retryStrategy` never gives up: reconnection attempts back off to every 2 s, forever, and
 *   whoever waits for Redis learns it is back from `onReady`;
 * - every 'error' event has a listener (an EventEmitter without one throws), and is logged once
 *   per outage.
 *
 * Every key is under the deployment's prefix (REDIS_CACHE_PREFIX) through ioredis's
 * `keyPrefix`; pub/sub channels, which `keyPrefix` does not touch, are named by `channel()`.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface RedisConnection {
  /** For commands; keys are prefixed by the client itself. */
  readonly client: Redis;
  /** The deployment's prefix (REDIS_CACHE_PREFIX), already in every key of `client`. */
  readonly prefix: string;
  /** A pub/sub channel name of this deployment's. */
  channel(name: string): string;
  /** A second connection, in subscriber mode once it subscribes (Redis needs its own for that). */
  subscriber(): Redis;
  /** True while commands can be sent. */
  isReady(): boolean;
  /** Called each time the connection becomes ready (at start and after every outage). */
  onReady(listener: () => void): () => void;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

export function connectionOptions(prefix: string): RedisOptions {
  return {
    keyPrefix: prefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    // A READONLY replica after a failover: reconnect, to reach the new primary.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  };
}

/** Null when REDIS_URL is not set. Connects in the background: the gateway starts either way. */
export function connectRedis(config: Pick<Config, 'redisUrl' | 'caching'>, logger: Logger): RedisConnection | null {
  if (!config.redisUrl) return null;
  const url = config.redisUrl;
  const prefix = config.caching.redisPrefix;
  const log = logger.child({ component: 'redis' });
  const readyListeners = new Set<() => void>();
  const clients: Redis[] = [];

  const watch = (client: Redis, role: string) => {
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) log.warn({ err: error, role }, 'Redis unreachable: going without it until it is back (see README, Failure behaviour)');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info({ role }, 'Redis is back');
      down = false;
    });
    clients.push(client);
    return client;
  };

  const client = watch(new Redis(url, connectionOptions(prefix)), 'commands');
  client.on('ready', () => {
    for (const listener of readyListeners) listener();
  });

  return {
    client,
    prefix,
    channel: (name) => `${prefix}${name}`,
    // Subscriber connections carry no key prefix (channels are named in full) and keep their
    // subscriptions across reconnections (ioredis resubscribes by itself).
    subscriber: () => watch(new Redis(url, { ...connectionOptions(''), keyPrefix: undefined, enableOfflineQueue: true }), 'subscriber'),
    isReady: () => client.status === 'ready',
    onReady(listener) {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    async close() {
      await Promise.allSettled(
        clients.map(async (one) => {
          if (one.status === 'ready') await one.quit();
          else one.disconnect();
        }),
      );
    },
  };
}

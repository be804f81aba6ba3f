/**
 * Tells every replica of a deployment about each dispatched publication event, over Redis
 * pub/sub on the deployment's own channel (`<REDIS_CACHE_PREFIX>publication-events`), so
 * each purges its in-memory cache and feeds its subscribers within milliseconds. Best effort:
 * a message lost (Redis away, a reconnection) is made up by the dispatcher's outbox poll.
 * Every Redis call is awaited and its failure logged, never left as an unhandled rejection.
 */
import type { Logger } from 'pino';
import type { RedisConnection } from '../redis/connection.js';
import type { OutboxEvent } from './outbox.js';

const CHANNEL = 'publication-events';

export interface EventFanout {
  publish(events: OutboxEvent[]): Promise<void>;
  onEvent(listener: (event: OutboxEvent) => void): void;
  close(): Promise<void>;
}

export function createEventFanout(redis: RedisConnection, logger: Logger): EventFanout {
  const log = logger.child({ component: 'publication-events' });
  const channel = redis.channel(CHANNEL);
  const listeners = new Set<(event: OutboxEvent) => void>();
  const subscriber = redis.subscriber();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let received: OutboxEvent[];
    try {
      received = (JSON.parse(message) as OutboxEvent[]).map((event) => ({ ...event, dueAt: new Date(event.dueAt) }));
    } catch (error) {
      log.warn({ err: error }, 'unreadable fan-out message ignored');
      return;
    }
    for (const event of received) for (const listener of listeners) listener(event);
  });
  subscriber
    .subscribe(channel)
    .catch((error: unknown) => log.warn({ err: error }, 'fan-out: subscribing failed; the outbox poll stands in'));
  return {
    async publish(events) {
      try {
        await redis.client.publish(channel, JSON.stringify(events));
      } catch (error) {
        log.warn({ err: error }, 'fan-out: publishing failed; other replicas learn of it from the outbox poll');
      }
    },
    onEvent: (listener) => void listeners.add(listener),
    async close() {
      if (subscriber.status === 'ready') await subscriber.quit().catch(() => {});
      else subscriber.disconnect();
    },
  };
}

/**
 * The purge webhook: when the gateway purges tags, it POSTs them to PURGE_WEBHOOK_URL as
 * `{"tags":["Article:QXJ0aWNsZTox","List:Article",…]}`, so a small receiver can purge the CDN
 * by the same tags the gateway sent in `Surrogate-Key` / `Cache-Tag`. Each call is tried
 * twice at most, with a 5-second timeout; a failure is logged, never raised (the CDN then
 * catches up with its own max-age).
 */
import type { Logger } from 'pino';

export interface PurgeWebhook {
  purge(tags: string[]): Promise<void>;
}

export function createPurgeWebhook(url: string, secret: string | null, logger: Logger, timeoutMs = 5000): PurgeWebhook {
  return {
    async purge(tags) {
      if (tags.length === 0) return;
      const body = JSON.stringify({ tags });
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.body?.cancel();
          if (response.ok) return;
          logger.warn({ status: response.status, attempt }, 'purge webhook: non-2xx answer');
        } catch (error) {
          logger.warn({ err: error, attempt }, 'purge webhook: request failed');
        }
      }
      logger.error({ tags }, 'purge webhook: gave up; the CDN keeps these until their max-age');
    },
  };
}

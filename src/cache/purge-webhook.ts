/**
 * The purge webhook: for each publication event (src/events/outbox.ts) the gateway POSTs the
 * tags to purge to PURGE_WEBHOOK_URL, so a small receiver can purge the CDN by the same tags
 * the gateway sent in `Surrogate-Key` / `Cache-Tag`:
 *
 *   POST {"id":42,"type":"PUBLISHED","tags":["Article:QXJ0aWNsZTox","List:Article",…]}
 *   X-Gateway-Event-Id: 42
 *   X-Gateway-Timestamp: 1764650000
 *   X-Gateway-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with PURGE_WEBHOOK_SECRET>
 *
 * The receiver verifies the signature (`verifyPurgeSignature`), may refuse old timestamps, and
 * should treat a repeated event id as done: delivery is at least once. One call here is one
 * attempt (8 s timeout, under the 10 s lease of an attempt); the dispatcher (src/events/dispatcher.ts) retries with backoff.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PurgeRequest {
  id: number;
  type: string;
  tags: string[];
}

export interface PurgeWebhook {
  /** One attempt; throws with the reason when the receiver did not answer 2xx. */
  send(request: PurgeRequest): Promise<void>;
}

export const SIGNATURE_HEADER = 'x-gateway-signature';
export const TIMESTAMP_HEADER = 'x-gateway-timestamp';
export const EVENT_ID_HEADER = 'x-gateway-event-id';

export function purgeSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and the tests): does `signature` sign this timestamp and body? */
export function verifyPurgeSignature(secret: string, timestamp: string, body: string, signature: string | undefined | null): boolean {
  if (!signature) return false;
  const expected = Buffer.from(purgeSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createPurgeWebhook(url: string, secret: string | null, timeoutMs = 8000): PurgeWebhook {
  return {
    async send(request) {
      const body = JSON.stringify(request);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [EVENT_ID_HEADER]: String(request.id),
          [TIMESTAMP_HEADER]: timestamp,
          ...(secret ? { [SIGNATURE_HEADER]: purgeSignature(secret, timestamp, body) } : {}),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
    },
  };
}

/**
 * The edge purger: for each publication event, a purge by surrogate key to every Varnish in
 * EDGE_PURGE_URLS (deploy/varnish/gateway.vcl), so that what the event changed leaves the edge
 * as it leaves the gateway's own cache:
 *
 *   PURGE /            (to each URL)
 *   xkey-purge: Article:QXJ0aWNsZTox List:Article …
 *
 * The VCL answers 200 with the number of objects purged, and 403 to a client outside its
 * `purgers` ACL. Delivery is the purge webhook's (src/events/dispatcher.ts): claimed from the
 * outbox only once the event is dispatched (the shared cache purged first, so the edge cannot
 * refill from a stale gateway copy), one attempt bounded by EDGE_PURGE_TIMEOUT_MS per edge (an
 * edge that accepts the connection and never answers is abandoned then), retried with backoff on
 * failure, never thrown past the dispatcher. Purges are idempotent, so a retry that reaches an
 * edge purged the first time costs one more miss there and nothing else.
 */
import type { PurgeRequest, PurgeWebhook } from './purge-webhook.js';

/** The request header the VCL reads: the tags, separated by spaces (no tag has one). */
export const XKEY_PURGE_HEADER = 'xkey-purge';

export function createEdgePurger(urls: string[], timeoutMs = 5000): PurgeWebhook {
  return {
    async send(request) {
      const failures = await Promise.all(
        urls.map(async (url) => {
          try {
            const response = await fetch(url, {
              method: 'PURGE',
              headers: { [XKEY_PURGE_HEADER]: request.tags.join(' ') },
              signal: AbortSignal.timeout(timeoutMs),
            });
            await response.body?.cancel();
            return response.ok ? null : `${new URL(url).host} answered ${response.status}`;
          } catch (error) {
            if ((error as { name?: string }).name === 'TimeoutError')
              return `${new URL(url).host}: no answer within ${timeoutMs} ms (EDGE_PURGE_TIMEOUT_MS)`;
            return `${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`;
          }
        }),
      );
      const failed = failures.filter((failure): failure is string => failure !== null);
      if (failed.length > 0) throw new Error(`edge purge failed: ${failed.join('; ')}`);
    },
  };
}

/**
 * Every configured purge target as one delivery (the webhook and the edges): one attempt
 * reaches all of them, and fails, to be retried whole, when any of them failed.
 */
export function combinePurgeTargets(targets: (PurgeWebhook | null)[]): PurgeWebhook | null {
  const present = targets.filter((target): target is PurgeWebhook => target !== null);
  if (present.length <= 1) return present[0] ?? null;
  return {
    async send(request: PurgeRequest) {
      const results = await Promise.allSettled(present.map((target) => target.send(request)));
      const reasons = results.flatMap((result) =>
        result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : [],
      );
      if (reasons.length > 0) throw new Error(reasons.join('; '));
    },
  };
}

/**
 * The view RelatedArticle ranks under the weights its query names, read from the table
 * RelatedWeights (a view takes no parameters). A gateway adds the weights it was configured
 * with (`INSERT … ON CONFLICT DO NOTHING`); gateways with different settings on one database
 * each find their own.
 */
import type { Logger } from 'pino';
import type { RelatedWeights } from '../domain/related-ranking.js';
import type { DatabaseClient } from './database.js';

/** How long after a failed attempt the next request tries again. */
export const RELATED_WEIGHTS_RETRY_MS = 5_000;

/**
 * Starts recording the weights now and returns what a request awaits before it reads a related
 * list: nothing once the row exists. A failure (the database down at start-up, a role without
 * INSERT) is logged and tried again by a request at most every `retryMs`, so a transient fault
 * at start-up does not leave related lists empty until a restart. Never rejects.
 */
export function relatedWeightsRegistration(
  prisma: DatabaseClient,
  weights: RelatedWeights,
  logger: Logger,
  retryMs = RELATED_WEIGHTS_RETRY_MS,
): () => Promise<void> {
  let recorded = false;
  let failedAt = 0;
  let attempt: Promise<void> | null = null;
  const record = () =>
    prisma.relatedWeights.createMany({ data: [weights], skipDuplicates: true }).then(
      () => {
        recorded = true;
      },
      (error: unknown) => {
        failedAt = Date.now();
        logger.error(
          { err: error, weights, retryMs },
          'could not record the related-article weights: related lists are empty until it succeeds',
        );
      },
    );
  attempt = record().finally(() => (attempt = null));
  return async () => {
    if (recorded) return;
    if (!attempt && Date.now() - failedAt >= retryMs) attempt = record().finally(() => (attempt = null));
    if (attempt) await attempt;
  };
}

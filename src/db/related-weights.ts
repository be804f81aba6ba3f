/**
 * The view RelatedArticle ranks under the weights its query names, read from the table
 * RelatedWeights (a view takes no parameters). A gateway adds the weights it was configured
 * with once, at start-up; gateways with different settings on one database each find their own.
 */
import type { Logger } from 'pino';
import type { RelatedWeights } from '../domain/related-ranking.js';
import type { DatabaseClient } from './database.js';

/** Resolves once the row exists; never rejects (a failure is logged, and related lists stay empty until a restart). */
export async function registerRelatedWeights(prisma: DatabaseClient, weights: RelatedWeights, logger: Logger): Promise<void> {
  try {
    await prisma.relatedWeights.createMany({ data: [weights], skipDuplicates: true });
  } catch (error) {
    logger.error({ err: error, weights }, 'could not record the related-article weights: related lists will be empty');
  }
}

/**
 * Whether an editorial change is news to readers: what the public could see before and
 * after decides if a publish event goes out, and which.
 */
export type ArticleStatusName = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

export interface PublicationState {
  status: ArticleStatusName;
  publishedAt: Date | null;
}

/**
 * What a reader may see, the one rule (src/db/visibility.ts renders it for Prisma, the
 * migration reader_visibility for SQL): an article is public from its visible-from instant
 * on, its publishedAt while it is PUBLISHED; never as a DRAFT or ARCHIVED (withdrawn).
 */
export const PUBLIC_STATUS = 'PUBLISHED' satisfies ArticleStatusName;

/** The instant from which readers may see the article; null: never (SQL "article_visible_from"). */
export function visibleFrom(state: PublicationState): Date | null {
  return state.status === PUBLIC_STATUS ? state.publishedAt : null;
}

/** Whether a reader may see the article at `now` (SQL "article_is_public"). */
export function isPublic(state: PublicationState, now: Date): boolean {
  const from = visibleFrom(state);
  return from !== null && from.getTime() <= now.getTime();
}

/**
 * PUBLISHED when it becomes public, UPDATED when it changes while public, UNPUBLISHED when it
 * stops being public; null when readers cannot tell (a draft edited, a later schedule).
 */
export function publicationChange(
  before: PublicationState | null,
  after: PublicationState,
  now: Date,
): 'PUBLISHED' | 'UPDATED' | 'UNPUBLISHED' | null {
  const was = before !== null && isPublic(before, now);
  const is = isPublic(after, now);
  if (!was && is) return 'PUBLISHED';
  if (was && is) return 'UPDATED';
  if (was && !is) return 'UNPUBLISHED';
  return null;
}

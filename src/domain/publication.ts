/**
 * Whether an editorial change is news to readers: what the public could see before and
 * after decides if a publish event goes out, and which.
 */
export type ArticleStatusName = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

export interface PublicationState {
  status: ArticleStatusName;
  publishedAt: Date | null;
}

export function isPublic(state: PublicationState, now: Date): boolean {
  return state.status === 'PUBLISHED' && state.publishedAt !== null && state.publishedAt <= now;
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

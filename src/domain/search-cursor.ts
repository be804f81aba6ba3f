/**
 * Cursors of search results. A search is ordered by score, then publishedAt, then id; a page
 * starts after the last hit of the previous one. Scores include freshness, which depends on
 * the clock, so the cursor also carries the clock of the first page: every page of one search
 * scores with it and the pages neither overlap nor skip. It names the search it belongs to
 * (a digest of the query and filter), so a cursor of another search is refused, not misread.
 */
import { createHash } from 'node:crypto';

export interface SearchCursor {
  score: number;
  publishedAt: Date;
  id: number;
  /** The instant the scores' freshness was measured from. */
  reference: Date;
  /** searchDigest(text, filter) of the search that gave it out. */
  digest: string;
}

const VERSION = 's1';

/** A short digest of what was searched: the same words and filter give the same digest. */
export function searchDigest(text: string, filter: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([text, filter ?? null]))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  const payload = [VERSION, cursor.score, cursor.publishedAt.getTime(), cursor.id, cursor.reference.getTime(), cursor.digest];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not a search cursor this API gave out. */
export function decodeSearchCursor(text: string): SearchCursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(payload) || payload.length !== 6 || payload[0] !== VERSION) return null;
  const [, score, publishedAt, id, reference, digest] = payload as unknown[];
  if (typeof score !== 'number' || !Number.isFinite(score)) return null;
  if (!Number.isSafeInteger(publishedAt) || !Number.isSafeInteger(reference)) return null;
  if (!Number.isSafeInteger(id) || (id as number) < 1 || (id as number) > 2_147_483_647) return null;
  if (typeof digest !== 'string') return null;
  const publishedDate = new Date(publishedAt as number);
  const referenceDate = new Date(reference as number);
  if (Number.isNaN(publishedDate.getTime()) || Number.isNaN(referenceDate.getTime())) return null;
  return { score, publishedAt: publishedDate, id: id as number, reference: referenceDate, digest };
}

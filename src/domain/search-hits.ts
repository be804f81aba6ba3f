/**
 * A page of search hits from the ranked rows of src/db/search.ts: each hit's cursor and the
 * passage shown under it. Pure, so that the search resolver only validates, reads and shapes.
 */
import { encodeSearchCursor } from './search-cursor.js';
import { buildSnippet, type SnippetField, type SnippetPassage } from './search-snippet.js';

/** What the ranking statement returns for one article (src/db/search.ts `SearchRow`). */
export interface RankedRow {
  id: number;
  publishedAt: Date;
  score: number;
  title: string;
  lead: string;
  body: unknown;
}

export interface SearchHit {
  id: number;
  cursor: string;
  score: number;
  snippet: string;
  snippetField: SnippetField;
}

export interface SearchHitsPage {
  hits: SearchHit[];
  /** The ranking read one row past the page: there is a next page. */
  hasNextPage: boolean;
}

/** Title last: a results page shows it anyway, so lead and body passages win ties. */
export function passagesOf(row: Pick<RankedRow, 'title' | 'lead' | 'body'>): SnippetPassage[] {
  const body = Array.isArray(row.body)
    ? row.body.flatMap((block): SnippetPassage[] => {
        const text = typeof block === 'string' ? block : block && typeof block === 'object' ? (block as { text?: unknown }).text : null;
        return typeof text === 'string' && text.trim() ? [{ field: 'BODY', text }] : [];
      })
    : [];
  return [{ field: 'LEAD', text: row.lead }, ...body, { field: 'TITLE', text: row.title }];
}

/**
 * `rows`: up to `first + 1` ranked rows. Cursors carry the ranking's `reference` time and the
 * search's `digest`, so the next page ranks the same way and refuses another search's cursor.
 */
export function searchHitsPage(
  rows: readonly RankedRow[],
  first: number,
  search: { words: readonly string[]; reference: Date; digest: string },
): SearchHitsPage {
  const hits = rows.slice(0, first).map((row): SearchHit => {
    const snippet = buildSnippet(passagesOf(row), search.words);
    return {
      id: row.id,
      cursor: encodeSearchCursor({
        score: row.score,
        publishedAt: row.publishedAt,
        id: row.id,
        reference: search.reference,
        digest: search.digest,
      }),
      score: row.score,
      snippet: snippet.text,
      snippetField: snippet.field,
    };
  });
  return { hits, hasNextPage: rows.length > first };
}

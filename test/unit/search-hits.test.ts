import { describe, expect, it } from 'vitest';
import { decodeSearchCursor } from '../../src/domain/search-cursor.js';
import { passagesOf, searchHitsPage, type RankedRow } from '../../src/domain/search-hits.js';

const row = (id: number, body: unknown, lead = 'Tin tóm tắt'): RankedRow => ({
  id,
  publishedAt: new Date(Date.UTC(2024, 2, id)),
  score: 1 / id,
  title: `Dân vận khéo ${id}`,
  lead,
  body,
});

describe('a page of search hits', () => {
  const search = { words: ['dan', 'van', 'kheo'], reference: new Date('2024-04-01T00:00:00Z'), digest: 'd1' };

  it('keeps `first` hits and says whether the ranking read one more', () => {
    const rows = [row(1, []), row(2, []), row(3, [])];
    expect(searchHitsPage(rows, 2, search)).toMatchObject({ hits: [{ id: 1 }, { id: 2 }], hasNextPage: true });
    expect(searchHitsPage(rows, 3, search).hasNextPage).toBe(false);
    expect(searchHitsPage([], 5, search)).toEqual({ hits: [], hasNextPage: false });
  });

  it('gives each hit a cursor carrying its ranking position, the reference time and the search', () => {
    const [hit] = searchHitsPage([row(4, [])], 1, search).hits;
    expect(decodeSearchCursor(hit!.cursor)).toMatchObject({ id: 4, score: 0.25, reference: search.reference, digest: 'd1' });
  });

  it('takes the snippet from the body or lead before the title, in the article’s own spelling', () => {
    const [hit] = searchHitsPage([row(1, [{ kind: 'PARAGRAPH', text: 'Mô hình Dân vận khéo ở Lục Yên' }])], 1, search).hits;
    expect(hit).toMatchObject({ snippetField: 'BODY' });
    expect(hit!.snippet).toContain('«Dân vận khéo»');
  });

  it('reads body blocks that are strings or objects with text, and skips blank ones', () => {
    expect(passagesOf({ title: 'T', lead: 'L', body: ['một', { text: 'hai' }, { text: '  ' }, null, 3] })).toEqual([
      { field: 'LEAD', text: 'L' },
      { field: 'BODY', text: 'một' },
      { field: 'BODY', text: 'hai' },
      { field: 'TITLE', text: 'T' },
    ]);
    expect(passagesOf({ title: 'T', lead: 'L', body: 'not a list' })).toHaveLength(2);
  });
});

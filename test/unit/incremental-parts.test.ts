import { describe, expect, it } from 'vitest';
import { mergeIncrementalParts } from '../../src/server/incremental-delivery.js';

describe('mergeIncrementalParts', () => {
  it('merges a deferred fragment into the object it belongs to, field by field', () => {
    const merged = mergeIncrementalParts([
      { data: { article: { title: 'A', author: { name: 'Đức Toàn' } } }, hasNext: true },
      { incremental: [{ path: ['article'], data: { author: { url: '/tac-gia/duc-toan' }, relatedArticles: [] } }], hasNext: false },
    ]);
    expect(merged).toEqual({
      data: { article: { title: 'A', author: { name: 'Đức Toàn', url: '/tac-gia/duc-toan' }, relatedArticles: [] } },
    });
  });

  it('appends streamed items at the index their path names, leaving the first part untouched', () => {
    const first = { data: { article: { related: [{ id: 1 }, { id: 2 }] } }, hasNext: true };
    const merged = mergeIncrementalParts([
      first,
      { incremental: [{ path: ['article', 'related', 2], items: [{ id: 3 }] }], hasNext: true },
      { incremental: [{ path: ['article', 'related', 3], items: [{ id: 4 }, { id: 5 }] }], hasNext: false },
    ]);
    expect(merged.data).toEqual({ article: { related: [1, 2, 3, 4, 5].map((id) => ({ id })) } });
    expect(first.data.article.related).toHaveLength(2);
  });

  it("keeps every part's errors and extensions", () => {
    const error = { message: 'related list unavailable', path: ['article', 'relatedArticles'] };
    const merged = mergeIncrementalParts([
      { data: { article: { title: 'A' } }, extensions: { a: 1 }, hasNext: true },
      { incremental: [{ path: ['article'], data: null, errors: [error as never] }], extensions: { b: 2 }, hasNext: false },
    ]);
    expect(merged.errors).toEqual([error]);
    expect(merged.extensions).toEqual({ a: 1, b: 2 });
    expect(merged.data).toEqual({ article: { title: 'A' } });
  });
});

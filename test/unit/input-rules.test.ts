import { describe, expect, it } from 'vitest';
import { articleChangesSchema, articleDraftSchema, parseArticleInput } from '../../src/content/article-input.js';
import { validate } from '../../src/content/editorial-input.js';
import { describeIssue } from '../../src/content/input-rules.js';
import { fromGraphQLInput } from '../../src/validation/graphql-input.js';

const imported = { title: 'Tin', publishedAt: '2024-03-04T14:26:47+07:00', body: ['Đoạn.'] };

/** The editorial door's issues, written the way the import door writes them. */
function editorialErrors(value: object): string[] {
  const result = validate(articleDraftSchema, value, 'input');
  if (result.ok) return [];
  return result.issues.map((issue) => describeIssue({ ...issue, path: issue.path.slice(1) }));
}

function importErrors(value: object): string[] {
  const result = parseArticleInput({ ...imported, ...value });
  return result.ok ? [] : result.errors;
}

describe('one article schema for the editorial API and the import', () => {
  // Each case is content both doors take; they must refuse it with the same words at the same path.
  const cases: [string, object][] = [
    ['an empty title', { title: '  ' }],
    ['a title over 500 characters', { title: 'ế'.repeat(501) }],
    ['NUL in the lead', { lead: 'a\u0000b' }],
    ['another control character in a paragraph', { body: ['ok', 'chuông\u0007'] }],
    ['a tag with no letter or digit', { tags: ['Lục Yên', '!!!'] }],
    ['a blank tag', { tags: [''] }],
    ['31 tags', { tags: Array.from({ length: 31 }, (_, index) => `Tag ${index}`) }],
    ['a picture of width 0', { images: [{ width: 0 }] }],
    ['a picture that is not an object', { images: ['anh.jpg'] }],
    ['a dateline over 200 characters', { dateline: 'x'.repeat(201) }],
  ];
  for (const [what, value] of cases) {
    it(`refuses ${what} the same way through both doors`, () => {
      const fromEditor = editorialErrors({ title: 'Tin', ...value });
      expect(fromEditor).not.toEqual([]);
      expect(importErrors(value)).toEqual(fromEditor);
    });
  }

  it('normalizes the same way through both doors: NFC, trimmed, blank paragraphs dropped', () => {
    const input = { title: ' Dân vận khe\u0301o ', lead: ' Sa\u0301ng ', body: [' Một. ', '  ', 'Hai.'], tags: ['Lu\u0323c Yên'] };
    const draft = validate(articleDraftSchema, input);
    const article = parseArticleInput({ ...imported, ...input });
    if (!draft.ok || !article.ok) throw new Error('expected both to accept');
    for (const key of ['title', 'lead', 'body', 'tags'] as const) expect(article.value[key]).toEqual(draft.value[key]);
    expect(draft.value).toMatchObject({ title: 'Dân vận khéo', lead: 'Sáng', body: ['Một.', 'Hai.'], tags: ['Lục Yên'] });
  });

  it('names the field of a section given as an object, not "no branch matched"', () => {
    expect(importErrors({ category: { name: 'Trong tỉnh', parent: { name: '' } } })).toEqual(['category.parent.name: must not be empty']);
    expect(importErrors({ category: 7 })).toEqual(['category: must be a name, an object { name, slug?, parent? } or null']);
  });

  it('bounds the section tree at five levels', () => {
    const nested = (depth: number): object => (depth === 1 ? { name: 'Gốc' } : { name: `Mục ${depth}`, parent: nested(depth - 1) });
    expect(importErrors({ category: nested(5) })).toEqual([]);
    expect(importErrors({ category: nested(6) })).toEqual([
      'category.parent.parent.parent.parent.parent: must not nest deeper than 5 levels',
    ]);
  });

  it('leaves out of an update what it does not name', () => {
    const result = validate(articleChangesSchema, { lead: 'Mới' });
    expect(result).toEqual({ ok: true, value: { lead: 'Mới' } });
  });
});

describe('describeIssue', () => {
  it('writes paths the way a person fixing a file reads them', () => {
    expect(describeIssue({ path: ['images', '0', 'width'], message: 'm' })).toBe('images[0].width: m');
    expect(describeIssue({ path: ['category', 'parent', 'name'], message: 'm' })).toBe('category.parent.name: m');
    expect(describeIssue({ path: [], message: 'must be a JSON object' })).toBe('must be a JSON object');
  });
});

describe('the GraphQL null convention', () => {
  it('reads null as "not given", except on fields that can be cleared', () => {
    const input = { title: null, lead: 'Mới', dateline: null, category: null, author: undefined };
    expect(fromGraphQLInput(input, ['dateline', 'category', 'author'])).toEqual({ lead: 'Mới', dateline: null, category: null });
    expect(fromGraphQLInput(input)).toEqual({ lead: 'Mới' });
  });
});

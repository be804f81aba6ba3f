import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/content/editorial-errors.js';
import { articleChangesSchema, articleDraftSchema, MAX_BODY_CHARACTERS } from '../../src/content/article-input.js';
import { parseInput, validate } from '../../src/content/editorial-input.js';

describe('editorial input', () => {
  it('normalizes text to NFC and fills defaults for a draft', () => {
    const draft = parseInput(articleDraftSchema, { title: '  Dân vận khe\u0301o ' });
    expect(draft).toEqual({
      title: 'Dân vận khéo',
      lead: '',
      body: [],
      dateline: null,
      tags: [],
      category: null,
      author: null,
      images: [],
    });
  });

  it('reports every bad field with its path', () => {
    const result = validate(articleDraftSchema, { title: '', tags: ['ok', ''], category: 'Thời sự', images: [{ width: -1 }] });
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.issues.map((issue) => issue.path.join('.')) : [];
    expect(paths.sort()).toEqual(['input.category', 'input.images.0.width', 'input.tags.1', 'input.title']);
  });

  it('refuses NUL and other control characters in every text, keeping line breaks and tabs', () => {
    const result = validate(articleChangesSchema, {
      title: 'Tin\u0000',
      lead: 'Dòng một\nDòng hai\tcột',
      body: ['đoạn\u0007'],
      tags: ['Lục\u001bYên'],
      images: [{ src: '/media/a\u0000.jpg' }],
    });
    const paths = !result.ok ? result.issues.map((issue) => issue.path.join('.')) : [];
    expect(paths.sort()).toEqual(['input.body.0', 'input.images.0.src', 'input.tags.0', 'input.title']);
  });

  it('caps the body as a whole, not only each paragraph', () => {
    const half = 'a'.repeat(MAX_BODY_CHARACTERS / 2 + 1);
    const result = validate(articleDraftSchema, { title: 'Dài', body: [half, half] });
    expect(!result.ok && result.issues[0]!.path).toEqual(['input', 'body']);
  });

  it('takes partial changes and throws InvalidInputError for bad ones', () => {
    expect(parseInput(articleChangesSchema, { lead: 'Mới' })).toEqual({ lead: 'Mới' });
    expect(() => parseInput(articleChangesSchema, { title: ' ' })).toThrow(InvalidInputError);
  });
});

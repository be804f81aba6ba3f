import { describe, expect, it } from 'vitest';
import { parseArticleInput, type ArticleInput } from '../../src/content/article-input.js';
import { loadReferenceFixture } from '../../src/seed/demo.js';

const minimal = { title: 'Lục Yên có trên 400 mô hình', publishedAt: '2024-03-04T14:26:47+07:00', body: ['Đoạn một.'] };

function errorsOf(value: unknown): string[] {
  const result = parseArticleInput(value);
  if (result.ok) throw new Error(`expected errors, parsed ${JSON.stringify(result.value)}`);
  return result.errors;
}

function valueOf(value: unknown): ArticleInput {
  const result = parseArticleInput(value);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}

describe('parseArticleInput', () => {
  it('accepts the reference fixture as it is, ignoring keys it does not know', () => {
    const fixture = loadReferenceFixture().article as Record<string, unknown>;
    const article = valueOf(fixture);
    expect(article.title).toBe('Lục Yên có trên 400 mô hình “Dân vận khéo”');
    expect(article.status).toBe('PUBLISHED');
    expect(article.updatedAt).toBe('2024-03-04T14:26:47+07:00');
    expect(article.publishedAt).toBeUndefined();
    expect(article.author).toBe('Đức Toàn');
    expect(article.tags).toEqual(['Lục Yên', 'dân vận khéo', 'mô hình']);
    expect(article.category).toBeNull();
    expect(article.body).toEqual(fixture.body);
    expect(article.images).toEqual([{ src: null, alt: null, caption: (fixture.images as { caption: string }[])[0]!.caption, position: 0 }]);
    expect(article).not.toHaveProperty('figures');
    expect(article).not.toHaveProperty('updatedAtAsShown');
  });

  it('stores text as NFC, whatever form it arrived in', () => {
    const decomposed = 'Dân vận khéo'.normalize('NFD');
    expect(decomposed).not.toBe('Dân vận khéo');
    const article = valueOf({ ...minimal, title: decomposed, tags: ['Lục Yên'.normalize('NFD')], author: 'Đức Toàn'.normalize('NFD') });
    expect(article.title).toBe('Dân vận khéo');
    expect(article.tags).toEqual(['Lục Yên']);
    expect(article.author).toBe('Đức Toàn');
  });

  it('reports a missing or empty title', () => {
    expect(errorsOf({ ...minimal, title: undefined })).toEqual(['title: is required']);
    expect(errorsOf({ ...minimal, title: '   ' })).toEqual(['title: must not be empty']);
    expect(errorsOf({ ...minimal, title: 42 })).toEqual(['title: must be a string']);
  });

  it('limits the title to 500 characters, counted as characters, not UTF-16 units', () => {
    expect(valueOf({ ...minimal, title: 'ế'.repeat(500) }).title).toHaveLength(500);
    expect(errorsOf({ ...minimal, title: 'ế'.repeat(501) })).toEqual(['title: must be at most 500 characters']);
  });

  it('requires ISO-8601 date-times with an offset that exist on the calendar', () => {
    for (const bad of ['2024-03-04', 'yesterday', 1709537207000]) {
      expect(errorsOf({ ...minimal, publishedAt: bad })).toEqual([
        'publishedAt: must be an ISO-8601 date-time with an offset, like 2024-03-04T14:26:47+07:00',
      ]);
    }
    // Right shape, wrong calendar or clock: the message says what is wrong.
    expect(errorsOf({ ...minimal, publishedAt: '2024-03-04T14:26:47' })).toEqual([
      'publishedAt: has no offset: add one, like 2024-03-04T14:26:47+07:00 for a time in Vietnam',
    ]);
    expect(errorsOf({ ...minimal, publishedAt: '2024-02-30T10:00:00+07:00' })).toEqual([
      'publishedAt: 2024-02-30 is not on the calendar: February 2024 has 29 days',
    ]);
    expect(errorsOf({ ...minimal, publishedAt: '2023-02-29T10:00:00+07:00' })).toEqual([
      'publishedAt: 2023-02-29 is not on the calendar: February 2023 has 28 days',
    ]);
    expect(errorsOf({ ...minimal, publishedAt: '2024-13-01T10:00:00+07:00' })).toEqual(['publishedAt: 2024-13-01 has no month 13']);
    expect(errorsOf({ ...minimal, publishedAt: '2024-03-04T25:00:00+07:00' })).toEqual(['publishedAt: 25:00:00 is not a time of day']);
    expect(errorsOf({ ...minimal, updatedAt: '04/03/2024' })[0]).toMatch(/^updatedAt: must be an ISO-8601/);
    expect(valueOf({ ...minimal, publishedAt: '2024-03-04T07:26:47Z' }).publishedAt).toBe('2024-03-04T07:26:47Z');
  });

  it('needs a time for a published article, but not for a draft', () => {
    expect(errorsOf({ title: 'Tin', body: [] })).toEqual(['publishedAt: is required for a PUBLISHED article (or give updatedAt)']);
    expect(valueOf({ title: 'Tin', body: [], updatedAt: '2024-03-04T14:26:47+07:00' }).status).toBe('PUBLISHED');
    expect(valueOf({ title: 'Bản nháp', body: [], status: 'DRAFT' }).status).toBe('DRAFT');
  });

  it('requires the body to be an array of strings', () => {
    expect(errorsOf({ ...minimal, body: 'Một đoạn.' })).toEqual(['body: must be an array']);
    expect(errorsOf({ ...minimal, body: undefined })).toEqual(['body: is required (an array of paragraphs)']);
    expect(errorsOf({ ...minimal, body: ['Một.', 2, { text: 'Ba.' }] })).toEqual([
      'body[1]: must be a string',
      'body[2]: must be a string',
    ]);
  });

  it('reports every bad field at once, each under its own path', () => {
    const errors = errorsOf({
      title: '',
      status: 'LIVE',
      publishedAt: 'soon',
      body: [],
      tags: ['Lục Yên', '', 7],
      author: '!!!',
      slug: 'Có Dấu',
      category: { parent: 'Thời sự' },
      images: [{ width: -1, caption: 3 }, 'anh.jpg'],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'title: must not be empty',
        'status: must be one of DRAFT, PUBLISHED, ARCHIVED',
        'publishedAt: must be an ISO-8601 date-time with an offset, like 2024-03-04T14:26:47+07:00',
        'tags[1]: must not be empty',
        'tags[2]: must be a string',
        'author: must contain a letter or a digit',
        'slug: must be lowercase letters and digits joined by single dashes, like "luc-yen"',
        'category.name: is required',
        'images[0].width: must be an integer of at least 1',
        'images[0].caption: must be a string',
        'images[1]: must be an object',
      ]),
    );
    expect(errors).toHaveLength(11);
  });

  it('accepts a category by name or with its parent', () => {
    expect(valueOf({ ...minimal, category: 'Thời sự' }).category).toEqual({ name: 'Thời sự' });
    expect(valueOf({ ...minimal, category: { name: 'Trong tỉnh', parent: 'Thời sự', position: 1 } }).category).toEqual({
      name: 'Trong tỉnh',
      parent: { name: 'Thời sự' },
      position: 1,
    });
  });

  it('rejects NUL characters, which PostgreSQL cannot store', () => {
    expect(errorsOf({ ...minimal, lead: 'a\u0000b' })).toEqual(['lead: must not contain NUL characters']);
  });

  it('rejects anything but an object', () => {
    for (const value of [null, [], 'tin', 3]) expect(errorsOf(value)).toEqual(['must be a JSON object']);
  });

  it('drops blank paragraphs and fills the defaults', () => {
    const article = valueOf({ ...minimal, body: ['Một.', '  ', 'Hai.'] });
    expect(article.body).toEqual(['Một.', 'Hai.']);
    expect(article).toMatchObject({ lead: '', tags: [], images: [], author: null, category: null, dateline: null });
  });
});

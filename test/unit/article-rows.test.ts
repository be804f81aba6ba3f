import { describe, expect, it } from 'vitest';
import { articleTimes, categoryChain, toArticleRow, uniqueTags, FALLBACK_ARTICLE_SLUG } from '../../src/content/article-rows.js';
import { categoriesByDepth } from '../../src/content/write-articles.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('articleTimes', () => {
  it('publishes at updatedAt when only that is given (as the fixture does)', () => {
    const times = articleTimes({ title: 't', body: [], updatedAt: '2024-03-04T14:26:47+07:00' }, now);
    expect(times.publishedAt?.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(times.updatedAt.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(times.createdAt.toISOString()).toBe('2024-03-04T07:26:47.000Z');
  });

  it('keeps a later revision separate from the publication and dates creation at publication', () => {
    const times = articleTimes(
      { title: 't', body: [], publishedAt: '2024-03-04T08:00:00+07:00', updatedAt: '2024-03-04T10:30:00+07:00' },
      now,
    );
    expect(times.publishedAt?.toISOString()).toBe('2024-03-04T01:00:00.000Z');
    expect(times.updatedAt.toISOString()).toBe('2024-03-04T03:30:00.000Z');
    expect(times.createdAt.toISOString()).toBe('2024-03-04T01:00:00.000Z');
  });

  it('leaves a draft unpublished and dates an undated draft now', () => {
    const times = articleTimes({ title: 't', body: [], status: 'DRAFT' }, now);
    expect(times.publishedAt).toBeNull();
    expect(times.updatedAt).toEqual(now);
  });
});

describe('toArticleRow', () => {
  it('turns paragraphs into PARAGRAPH blocks and the title into a slug', () => {
    const row = toArticleRow(
      { title: 'Lục Yên có trên 400 mô hình “Dân vận khéo”', body: ['Một.', 'Hai.'], updatedAt: '2024-03-04T14:26:47+07:00' },
      now,
    );
    expect(row.baseSlug).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
    expect(row.body).toEqual([
      { kind: 'PARAGRAPH', text: 'Một.' },
      { kind: 'PARAGRAPH', text: 'Hai.' },
    ]);
    expect(row.status).toBe('PUBLISHED');
  });

  it('prefers the given slug, and falls back when the title folds to nothing', () => {
    expect(toArticleRow({ title: 'Tin', slug: 'tin-rieng', body: [], status: 'DRAFT' }, now).baseSlug).toBe('tin-rieng');
    expect(toArticleRow({ title: '“…”', body: [], status: 'DRAFT' }, now).baseSlug).toBe(FALLBACK_ARTICLE_SLUG);
  });

  it('numbers images by their order unless a position is given', () => {
    const row = toArticleRow({ title: 't', body: [], status: 'DRAFT', images: [{ caption: 'a' }, { caption: 'b', position: 7 }] }, now);
    expect(row.images.map((image) => [image.caption, image.position])).toEqual([
      ['a', 0],
      ['b', 7],
    ]);
  });
});

describe('uniqueTags', () => {
  it('keeps the editor order and treats spellings that fold alike as one tag', () => {
    expect(uniqueTags(['Lục Yên', 'dân vận khéo', 'lục yên', 'Mô hình'])).toEqual([
      { slug: 'luc-yen', name: 'Lục Yên' },
      { slug: 'dan-van-kheo', name: 'dân vận khéo' },
      { slug: 'mo-hinh', name: 'Mô hình' },
    ]);
  });
});

describe('categoryChain and categoriesByDepth', () => {
  it('lists a category after its ancestors', () => {
    const chain = categoryChain({ name: 'Trong tỉnh', position: 2, parent: { name: 'Thời sự' } });
    expect(chain).toEqual([
      { slug: 'thoi-su', name: 'Thời sự', parentSlug: null, position: 0 },
      { slug: 'trong-tinh', name: 'Trong tỉnh', parentSlug: 'thoi-su', position: 2 },
    ]);
    expect(categoryChain('Kinh tế')).toEqual([{ slug: 'kinh-te', name: 'Kinh tế', parentSlug: null, position: 0 }]);
    expect(categoryChain(null)).toEqual([]);
  });

  it('writes parents a level before their children, each category once', () => {
    const levels = categoriesByDepth([
      categoryChain({ name: 'Nông nghiệp', parent: 'Kinh tế' }),
      categoryChain('Kinh tế'),
      categoryChain({ name: 'Trong tỉnh', parent: 'Thời sự' }),
    ]);
    expect(levels.map((level) => level.map((c) => c.slug))).toEqual([
      ['kinh-te', 'thoi-su'],
      ['nong-nghiep', 'trong-tinh'],
    ]);
  });
});

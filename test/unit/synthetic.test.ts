import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticleInput, type CategoryInput } from '../../src/content/article-input.js';
import { foldDiacritics } from '../../src/domain/vietnamese.js';
import { AUTHORS, SECTIONS, TAGS, generateCorpus } from '../../src/seed/synthetic.js';

const take = (count: number, seed?: number) => [...generateCorpus({ articles: count, seed })];

describe('generateCorpus', () => {
  it('gives the same articles for the same seed', () => {
    expect(take(50, 7)).toEqual(take(50, 7));
  });

  it('gives different articles for a different seed', () => {
    const [a, b] = [take(50, 7), take(50, 8)];
    expect(a.map((x) => x.title)).not.toEqual(b.map((x) => x.title));
    expect(a.map((x) => x.publishedAt)).not.toEqual(b.map((x) => x.publishedAt));
  });

  it('does not depend on how many articles are asked for, so a corpus can grow', () => {
    expect(take(100, 3).slice(0, 50)).toEqual(take(50, 3));
  });

  it('streams: the first articles of a billion come at once', () => {
    const corpus = generateCorpus({ articles: 1_000_000_000 });
    const first = corpus.next();
    expect(first.done).toBe(false);
    corpus.return(undefined);
  });

  const sample = take(4000, 11);

  it('illustrates stories with pictures shipped in media/, so every images.src resolves offline', () => {
    const sources = new Set(sample.flatMap((article) => (article.images ?? []).map((image) => image.src ?? '(none)')));
    expect(sources.size).toBeGreaterThan(1);
    const mediaRoot = fileURLToPath(new URL('../../media/', import.meta.url));
    const missing = [...sources].filter((src) => !src.startsWith('/media/') || !existsSync(mediaRoot + src.slice('/media/'.length)));
    expect(missing).toEqual([]);
  });

  it("writes varied headlines that leave the reference article's own phrase to it", () => {
    const titles = sample.map((article) => article.title);
    // No synthetic story says "Dân vận khéo" anywhere (at 10k articles 416 headlines did, and a
    // search for the reference headline ranked it 45th); stories carry the tag all the same.
    const text = sample.map((article) => foldDiacritics([article.title, article.lead, ...article.body].join(' ')).toLowerCase());
    expect(text.filter((t) => t.includes('dan van kheo'))).toEqual([]);
    expect(sample.filter((article) => article.tags?.includes('dân vận khéo')).length).toBeGreaterThan(0);
    // Headlines repeat rarely: no headline pattern (place and numbers aside) on more than 3 % of stories.
    const patterns = new Map<string, number>();
    for (const title of titles) {
      const pattern = title.replace(/\d[\d.]*/g, '#');
      patterns.set(pattern, (patterns.get(pattern) ?? 0) + 1);
    }
    expect(Math.max(...patterns.values()) / titles.length).toBeLessThan(0.03);
    expect(new Set(titles).size / titles.length).toBeGreaterThan(0.8);
  });

  it('produces articles that pass validation unchanged, in NFC', () => {
    for (const article of sample.slice(0, 500)) {
      const parsed = parseArticleInput(article);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      expect(JSON.stringify(article)).toBe(JSON.stringify(article).normalize('NFC'));
    }
  });

  it('spreads publication over 2021–2025 in newsroom time (+07:00), within working hours', () => {
    const published = sample.filter((a) => a.status === 'PUBLISHED');
    const years = new Set(published.map((a) => a.publishedAt!.slice(0, 4)));
    expect([...years].sort()).toEqual(['2021', '2022', '2023', '2024', '2025']);
    for (const article of published) {
      expect(article.publishedAt).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      const hour = Number(article.publishedAt!.slice(11, 13));
      expect(hour).toBeGreaterThanOrEqual(6);
      expect(hour).toBeLessThan(22);
      expect(article.updatedAt! >= article.publishedAt!).toBe(true);
    }
  });

  it('honours a custom date range', () => {
    const days = new Set<string>();
    for (const article of generateCorpus({ articles: 200, startDate: '2024-03-01', endDate: '2024-03-07' })) {
      if (article.publishedAt) days.add(article.publishedAt.slice(0, 10));
    }
    expect([...days].sort()).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07']);
  });

  it('keeps about 3% as drafts, without a publication time', () => {
    const drafts = sample.filter((a) => a.status === 'DRAFT');
    expect(drafts.length / sample.length).toBeGreaterThan(0.015);
    expect(drafts.length / sample.length).toBeLessThan(0.05);
    for (const draft of drafts) expect(draft.publishedAt).toBeUndefined();
  });

  it('gives each article 1–5 distinct known tags, 3–10 paragraphs and 0–3 captioned images', () => {
    const tagNames = new Set(TAGS.map((t) => t.name));
    for (const article of sample) {
      expect(article.tags!.length).toBeGreaterThanOrEqual(1);
      expect(article.tags!.length).toBeLessThanOrEqual(5);
      expect(new Set(article.tags).size).toBe(article.tags!.length);
      for (const tag of article.tags!) expect(tagNames.has(tag)).toBe(true);
      expect(article.body.length).toBeGreaterThanOrEqual(3);
      expect(article.body.length).toBeLessThanOrEqual(10);
      expect(article.images!.length).toBeLessThanOrEqual(3);
      for (const image of article.images!) expect(image.caption).toMatch(/^\p{Lu}.+\.$/u);
    }
    const imageCounts = new Set(sample.map((a) => a.images!.length));
    expect([...imageCounts].sort()).toEqual([0, 1, 2, 3]);
  });

  it('files articles under the known sections, by known authors', () => {
    const sectionSlugs = new Set(SECTIONS.map((s) => s.slug));
    const authors = new Set(AUTHORS);
    const used = new Set<string>();
    for (const article of sample) {
      const category = article.category as CategoryInput;
      expect(sectionSlugs.has(category.slug!)).toBe(true);
      used.add(category.slug!);
      if (article.author) expect(authors.has(article.author)).toBe(true);
    }
    expect(used.size).toBe(SECTIONS.length);
    expect(sample.some((a) => (a.category as CategoryInput).parent)).toBe(true);
  });

  it('uses tags with a long tail: the top tag is far more frequent than the median one', () => {
    const counts = new Map<string, number>();
    for (const article of sample) for (const tag of article.tags!) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = sorted[0]!;
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(top).toBeGreaterThan(10 * median);
    expect(counts.size).toBeGreaterThan(200);
    // The ranking is the vocabulary's: its first tag leads.
    expect([...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe(TAGS[0]!.name);
  });
});

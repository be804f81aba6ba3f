import { describe, expect, it } from 'vitest';
import { rankRelated, relatedScore, relatedTier, tagRarity, type RankableArticle } from '../../src/domain/related-ranking.js';

const day = (n: number) => new Date(Date.UTC(2024, 5, 1) + n * 86_400_000);
const article = (id: number, categoryId: number | null, dayOffset: number, tagIds: number[]): RankableArticle => ({
  id,
  categoryId,
  publishedAt: day(dayOffset),
  tagIds,
});

// Tag 1 is rare (3 articles of 1,000); tag 2 is common (600 of 1,000).
const stats = {
  totalArticles: 1000,
  articlesWithTag: new Map([
    [1, 3],
    [2, 600],
  ]),
};
const source = article(1, 10, 0, [1, 2]);

describe('tagRarity', () => {
  it('weighs a rare tag far above a common one', () => {
    expect(tagRarity(1000, 3)).toBeGreaterThan(5 * tagRarity(1000, 600));
  });
});

describe('relatedScore', () => {
  it('adds the section bonus and halves every half-life', () => {
    const sameDay = relatedScore(source, article(2, 10, 0, [1]), stats);
    expect(sameDay).toBeCloseTo(tagRarity(1000, 3) + 1.5);
    expect(relatedScore(source, article(3, 10, 30, [1]), stats)).toBeCloseTo(sameDay / 2);
    expect(relatedScore(source, article(4, 10, -60, [1]), stats)).toBeCloseTo(sameDay / 4);
  });

  it('uses configured weights', () => {
    const score = relatedScore(source, article(2, 10, 10, [2]), stats, { sameCategoryBonus: 0, halfLifeDays: 10 });
    expect(score).toBeCloseTo(tagRarity(1000, 600) / 2);
  });
});

describe('rankRelated', () => {
  const rareSameSection = article(2, 10, 1, [1]);
  const rareOtherSection = article(3, 20, 2, [1]);
  const commonSameSection = article(4, 10, 1, [2]);
  const rareButOld = article(5, 10, -365, [1]);
  const sectionOnly = article(6, 10, 3, []);
  const sectionOnlyOlder = article(7, 10, -3, []);
  const unrelatedNewest = article(8, 30, 50, [9]);
  const unrelatedOld = article(9, 30, -50, []);
  const all = [
    unrelatedOld,
    sectionOnlyOlder,
    rareButOld,
    commonSameSection,
    unrelatedNewest,
    rareOtherSection,
    sectionOnly,
    rareSameSection,
  ];

  it('orders shared rare tags, then section, then staleness, then the fallbacks', () => {
    const ids = rankRelated(source, all, stats, 10).map((r) => r.id);
    // Rare tag in the same section a day apart beats rare tag elsewhere, which beats a common
    // tag; a rare tag a year ago still shares a tag, so it leads the fallbacks. Then the
    // section's articles newest first, then the rest newest first.
    expect(ids).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('never lists the source, nor an article twice', () => {
    const ids = rankRelated(source, [source, rareSameSection, rareSameSection, sectionOnly], stats, 10).map((r) => r.id);
    expect(ids).toEqual([2, 6]);
  });

  it('keeps only the first N, with tiers and scores', () => {
    const top = rankRelated(source, all, stats, 3);
    expect(top.map((r) => r.tier)).toEqual([1, 1, 1]);
    expect(top[0]!.score).toBeGreaterThan(top[1]!.score);
    expect(
      rankRelated(source, all, stats, 8)
        .slice(5)
        .map((r) => [r.tier, r.score]),
    ).toEqual([
      [2, 0],
      [3, 0],
      [3, 0],
    ]);
  });

  it('falls back to the latest when there is no signal at all', () => {
    const loner = article(100, null, 0, []);
    expect(relatedTier(loner, sectionOnly)).toBe(3);
    expect(rankRelated(loner, all, stats, 3).map((r) => r.id)).toEqual([8, 6, 3]);
  });
});

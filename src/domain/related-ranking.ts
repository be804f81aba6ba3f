/**
 * How "other news" under an article is ranked. The same formula runs in SQL for serving
 * (src/schema/related.ts); this module is its readable statement, its defaults, and the
 * reference the SQL is tested against.
 *
 *   score(source, candidate) =
 *     ( Σ over tags both carry of  ln(1 + totalArticles / articlesWithTag)      -- rarity (IDF)
 *       + sameCategoryBonus · [both in the same section] )
 *     · 0.5 ^ ( |days between their publication| / halfLifeDays )              -- news goes stale
 *
 * A tag on 5 articles weighs far more than one on 5,000; a shared section counts like a
 * moderately rare tag; an article a year apart counts for a fraction of one a day apart.
 *
 * Articles sharing at least one tag (tier 1) come first, by score. When they run out the
 * list is filled with the latest articles of the same section (tier 2), then the latest
 * overall (tier 3), so it is always full when there is content. Ties go to the newer
 * article, then the higher id.
 */

export interface RelatedWeights {
  /** Added to the tag score when both articles are in the same section. */
  sameCategoryBonus: number;
  /** Days after which a candidate's score halves. */
  halfLifeDays: number;
}

export const defaultRelatedWeights: RelatedWeights = {
  sameCategoryBonus: 1.5,
  halfLifeDays: 30,
};

export interface RankableArticle {
  id: number;
  categoryId: number | null;
  publishedAt: Date;
  tagIds: readonly number[];
}

export interface CorpusStats {
  /** Number of articles in the corpus the rarity is measured against. */
  totalArticles: number;
  /** Articles carrying each tag. */
  articlesWithTag: ReadonlyMap<number, number>;
}

const DAY_MS = 86_400_000;

export function tagRarity(totalArticles: number, articlesWithTag: number): number {
  return Math.log(1 + totalArticles / Math.max(1, articlesWithTag));
}

export function relatedScore(
  source: RankableArticle,
  candidate: RankableArticle,
  stats: CorpusStats,
  weights: RelatedWeights = defaultRelatedWeights,
): number {
  const candidateTags = new Set(candidate.tagIds);
  let score = 0;
  for (const tagId of new Set(source.tagIds)) {
    if (candidateTags.has(tagId)) score += tagRarity(stats.totalArticles, stats.articlesWithTag.get(tagId) ?? 1);
  }
  if (source.categoryId !== null && source.categoryId === candidate.categoryId) score += weights.sameCategoryBonus;
  const days = Math.abs(source.publishedAt.getTime() - candidate.publishedAt.getTime()) / DAY_MS;
  return score * 0.5 ** (days / weights.halfLifeDays);
}

/** 1: shares a tag; 2: same section only; 3: neither. */
export function relatedTier(source: RankableArticle, candidate: RankableArticle): 1 | 2 | 3 {
  const sourceTags = new Set(source.tagIds);
  if (candidate.tagIds.some((tagId) => sourceTags.has(tagId))) return 1;
  if (source.categoryId !== null && source.categoryId === candidate.categoryId) return 2;
  return 3;
}

export interface RankedArticle {
  id: number;
  tier: 1 | 2 | 3;
  /** 0 outside tier 1, where recency alone orders the list. */
  score: number;
}

/**
 * The `first` related articles for `source` among `candidates`, best first; never the
 * source itself, never the same article twice.
 */
export function rankRelated(
  source: RankableArticle,
  candidates: readonly RankableArticle[],
  stats: CorpusStats,
  first: number,
  weights: RelatedWeights = defaultRelatedWeights,
): RankedArticle[] {
  const seen = new Set<number>([source.id]);
  const ranked: (RankedArticle & { publishedAt: number })[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const tier = relatedTier(source, candidate);
    const score = tier === 1 ? relatedScore(source, candidate, stats, weights) : 0;
    ranked.push({ id: candidate.id, tier, score, publishedAt: candidate.publishedAt.getTime() });
  }
  ranked.sort((a, b) => a.tier - b.tier || b.score - a.score || b.publishedAt - a.publishedAt || b.id - a.id);
  return ranked.slice(0, first).map(({ id, tier, score }) => ({ id, tier, score }));
}

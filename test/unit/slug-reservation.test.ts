import { describe, expect, it } from 'vitest';
import { reserveArticleSlugs } from '../../src/content/slug-reservation.js';

/** A stand-in for the table's unique slug column, counting the look-ups made. */
function existingSlugs(slugs: Iterable<string>) {
  const taken = new Set(slugs);
  const lookups: string[][] = [];
  return {
    lookups,
    find: async (candidates: string[]) => {
      lookups.push(candidates);
      return candidates.filter((slug) => taken.has(slug));
    },
  };
}

describe('reserveArticleSlugs', () => {
  it('keeps free slugs as they are, in one look-up', async () => {
    const db = existingSlugs([]);
    expect(await reserveArticleSlugs(['a', 'b', 'c'], db.find)).toEqual(['a', 'b', 'c']);
    expect(db.lookups).toEqual([['a', 'b', 'c']]);
  });

  it('numbers repeated headlines within a batch -2, -3', async () => {
    const db = existingSlugs([]);
    expect(await reserveArticleSlugs(['tin', 'khac', 'tin', 'tin'], db.find)).toEqual(['tin', 'khac', 'tin-2', 'tin-3']);
  });

  it('skips slugs the database already has', async () => {
    const db = existingSlugs(['tin', 'tin-2']);
    expect(await reserveArticleSlugs(['tin', 'tin'], db.find)).toEqual(['tin-3', 'tin-4']);
  });

  it('does not hand out a suffix that another article has as its own slug', async () => {
    const db = existingSlugs(['quy']);
    // "quy" is taken, so the first article wants quy-2, which the second article's title already is.
    const slugs = await reserveArticleSlugs(['quy', 'quy-2'], db.find);
    expect(new Set(slugs).size).toBe(2);
    expect(slugs).toEqual(['quy-3', 'quy-2']);
  });

  it('finds the next free suffix of a much-repeated headline in a few look-ups', async () => {
    const db = existingSlugs(['ban-tin', ...Array.from({ length: 999 }, (_, i) => `ban-tin-${i + 2}`)]);
    expect(await reserveArticleSlugs(['ban-tin', 'ban-tin'], db.find)).toEqual(['ban-tin-1001', 'ban-tin-1002']);
    expect(db.lookups.length).toBeLessThanOrEqual(12);
  });
});

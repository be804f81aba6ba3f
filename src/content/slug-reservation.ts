/**
 * Unique article slugs for a batch, checked against the database by exact match only.
 *
 * A prefix search ("slug LIKE 'base-%'") would find every earlier suffix at once, but it cannot
 * use the unique index under a non-C collation and would scan the whole table for every batch.
 * Instead the candidates are looked up with `slug IN (…)`: first the base slugs alone (almost
 * all of them are free), then, only for the headlines that collide, windows of suffixes that
 * double in size, so even a headline repeated thousands of times costs a few round trips.
 */
import { uniqueSlug } from '../domain/vietnamese.js';

/** Returns which of `candidates` are already taken. */
export type FindTakenSlugs = (candidates: string[]) => Promise<Iterable<string>>;

const FIRST_WINDOW = 4;

/** 1 for the base itself, n for base-n. */
function suffixOf(slug: string, base: string): number {
  return slug === base ? 1 : Number(slug.slice(base.length + 1));
}

/**
 * The slug each article gets, in input order: its base if free, else base-2, base-3, … skipping
 * those taken in the database or earlier in the same batch.
 */
export async function reserveArticleSlugs(baseSlugs: readonly string[], findTaken: FindTakenSlugs): Promise<string[]> {
  const checked = new Set<string>();
  const taken = new Set<string>();
  const windowByBase = new Map<string, number>();

  for (;;) {
    // Assign from what is known so far; a slug not yet checked sends us back to the database.
    // An article's own slug comes before another's numbered variant: "quy-2" as a headline's
    // slug is not given up so that a second "quy" can have it.
    const used = new Set(taken);
    const assigned: (string | undefined)[] = baseSlugs.map((base) => {
      if (used.has(base)) return undefined;
      used.add(base);
      return base;
    });
    baseSlugs.forEach((base, index) => {
      if (assigned[index] !== undefined) return;
      const slug = uniqueSlug(base, used);
      used.add(slug);
      assigned[index] = slug;
    });
    const baseOfCandidate = new Map<string, string>();
    const firstUncheckedSuffix = new Map<string, number>();
    baseSlugs.forEach((base, index) => {
      const slug = assigned[index]!;
      if (checked.has(slug)) return;
      baseOfCandidate.set(slug, base);
      const suffix = suffixOf(slug, base);
      if (suffix < (firstUncheckedSuffix.get(base) ?? Infinity)) firstUncheckedSuffix.set(base, suffix);
    });
    if (baseOfCandidate.size === 0) return assigned as string[];

    // A base that collided before will likely collide again: look further ahead each round.
    for (const [base, suffix] of firstUncheckedSuffix) {
      const window = windowByBase.get(base);
      if (window === undefined) continue;
      for (let n = Math.max(suffix, 2); n < suffix + window; n++) {
        const candidate = `${base}-${n}`;
        if (!checked.has(candidate)) baseOfCandidate.set(candidate, base);
      }
      windowByBase.set(base, window * 2);
    }

    const candidates = [...baseOfCandidate.keys()];
    for (const slug of await findTaken(candidates)) {
      taken.add(slug);
      const base = baseOfCandidate.get(slug);
      if (base !== undefined && !windowByBase.has(base)) windowByBase.set(base, FIRST_WINDOW);
    }
    for (const slug of candidates) checked.add(slug);
  }
}

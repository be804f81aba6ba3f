/**
 * Rank-frequency sampling: item r (from 1) is drawn with probability ∝ 1 / r^s. News tags
 * follow this closely: a handful of place names and campaigns are on every other story,
 * most tags appear a few times a year.
 */

/** Returns a function mapping a uniform number in [0, 1) to a rank index (0-based). */
export function zipfSampler(count: number, exponent = 1): (uniform: number) => number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 1; rank <= count; rank++) {
    total += 1 / rank ** exponent;
    cumulative[rank - 1] = total;
  }
  return (uniform) => {
    const target = uniform * total;
    // The first index whose cumulative weight exceeds the target.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return low;
  };
}

/** For drawing from a short weighted list (sections, authors) with one uniform number. */
export function weightedSampler(weights: readonly number[]): (uniform: number) => number {
  if (weights.length === 0 || weights.some((w) => !(w >= 0))) throw new RangeError('weights must be non-negative and not empty');
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return (uniform) => {
    const target = uniform * total;
    const index = cumulative.findIndex((c) => c > target);
    return index === -1 ? weights.length - 1 : index;
  };
}

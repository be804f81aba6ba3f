import { describe, expect, it } from 'vitest';
import { weightedSampler, zipfSampler } from '../../src/seed/zipf.js';
import { inBatches } from '../../src/content/batches.js';

describe('zipfSampler', () => {
  it('maps the unit interval onto ranks, rank r taking a share ∝ 1/r', () => {
    const sample = zipfSampler(4, 1);
    // Cumulative weights 1, 1.5, 1.83, 2.08 of a total 2.08.
    expect(sample(0)).toBe(0);
    expect(sample(0.47)).toBe(0);
    expect(sample(0.49)).toBe(1);
    expect(sample(0.75)).toBe(2);
    expect(sample(0.999999)).toBe(3);
    expect(sample(1)).toBe(3);
  });

  it('rejects an empty ranking', () => {
    expect(() => zipfSampler(0)).toThrow(RangeError);
  });
});

describe('weightedSampler', () => {
  it('never draws a zero weight', () => {
    const sample = weightedSampler([1, 0, 1]);
    const drawn = new Set(Array.from({ length: 100 }, (_, i) => sample(i / 100)));
    expect([...drawn].sort()).toEqual([0, 2]);
  });
});

describe('inBatches', () => {
  it('cuts a stream into batches, the last one shorter', () => {
    expect([...inBatches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...inBatches([], 3)]).toEqual([]);
  });

  it('pulls only what the current batch needs', () => {
    let pulled = 0;
    function* numbers() {
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    }
    const batches = inBatches(numbers(), 10);
    expect(batches.next().value).toHaveLength(10);
    expect(pulled).toBe(10);
  });
});

import { describe, expect, it } from 'vitest';
import { writeInPipeline } from '../../src/content/batches.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('writeInPipeline', () => {
  it('writes every item once, in order, in batches of the given size', async () => {
    const written: number[][] = [];
    const results: number[] = [];
    await writeInPipeline(
      range(7),
      3,
      async (batch) => (written.push(batch), batch.length),
      (n) => results.push(n),
    );
    expect(written).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(results).toEqual([3, 3, 1]);
  });

  it('builds the next batch while the previous write is still running, never two writes at once', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    function* produce() {
      for (let i = 0; i < 6; i++) {
        events.push(`produce ${i}`);
        yield i;
      }
    }
    await writeInPipeline(
      produce(),
      2,
      async (batch) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        events.push(`write ${batch.join(',')} starts`);
        await later(20);
        events.push(`write ${batch.join(',')} ends`);
        inFlight--;
      },
      () => undefined,
      1,
    );
    expect(maxInFlight).toBe(1);
    // Items 2 and 3 are produced after the first write started and before it ended.
    expect(events.indexOf('produce 2')).toBeGreaterThan(events.indexOf('write 0,1 starts'));
    expect(events.indexOf('produce 3')).toBeLessThan(events.indexOf('write 0,1 ends'));
    expect(events.filter((e) => e.endsWith('starts'))).toEqual(['write 0,1 starts', 'write 2,3 starts', 'write 4,5 starts']);
  });

  it('stops at the first failed write and reports its error', async () => {
    const attempted: number[][] = [];
    await expect(
      writeInPipeline(
        range(10),
        2,
        async (batch) => {
          attempted.push(batch);
          if (batch[0] === 2) throw new Error('batch 2 refused');
        },
        () => undefined,
      ),
    ).rejects.toThrow('batch 2 refused');
    // The batch after the failed one may have been produced, but is never written.
    expect(attempted).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expect(
      writeInPipeline(
        [1],
        0,
        async () => undefined,
        () => undefined,
      ),
    ).rejects.toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { formatLsn, lagMs, parseLsn, pruneSamples } from '../../src/domain/replica-lag.js';

describe('WAL positions', () => {
  it('reads and prints PostgreSQL LSNs exactly, past 2^53 bytes too', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(formatLsn(parseLsn('FFFFFFFF/FFFFFFFF')!)).toBe('FFFFFFFF/FFFFFFFF');
    // Ordered as positions, not as text ("9/0" < "10/0").
    expect(parseLsn('9/FFFFFFFF')! < parseLsn('10/0')!).toBe(true);
  });

  it('answers null for what is not an LSN (a primary answers pg_last_wal_replay_lsn() with null)', () => {
    for (const text of [null, undefined, '', '16B374D848', '1/2/3', 'G/0', '123456789/0']) expect(parseLsn(text)).toBeNull();
  });
});

describe('replication lag', () => {
  const samples = [
    { at: 1000, lsn: 100n },
    { at: 1200, lsn: 100n },
    { at: 1400, lsn: 250n },
    { at: 1600, lsn: 300n },
  ];

  it('is how long ago the primary was at a position the replica has not replayed', () => {
    expect(lagMs(samples, 100n, 2000)).toBe(600); // 250 was the primary's position at 1400
    expect(lagMs(samples, 260n, 2000)).toBe(400);
    expect(lagMs(samples, 50n, 2000)).toBe(1000);
  });

  it('is 0 when the replica has replayed every sample (an idle primary, however long ago it wrote)', () => {
    expect(lagMs(samples, 300n, 1_000_000)).toBe(0);
    expect(lagMs([], 0n, 5000)).toBe(0);
  });

  it('keeps the samples a lag still needs, and always the newest', () => {
    expect(pruneSamples(samples, 250n, 2000, 10_000)).toEqual(samples.slice(3));
    expect(pruneSamples(samples, 100n, 2000, 10_000)).toEqual(samples.slice(2));
    expect(pruneSamples(samples, 300n, 2000, 10_000)).toEqual(samples.slice(3));
    // A replica down (unknown position): only age prunes.
    expect(pruneSamples(samples, null, 2000, 700)).toEqual(samples.slice(2));
    expect(pruneSamples(samples, null, 100_000, 700)).toEqual(samples.slice(3));
  });
});

/**
 * The pure parts of the benchmark harness (bench/): the order servers take their turns in,
 * the arithmetic on timed runs, the fingerprint that decides whether a cached database is
 * reused, the bulk generator's draws and ranges, and the plan check that stops a run whose
 * competitor reads the whole Article table.
 */
import { describe, expect, it } from 'vitest';
import { chunks, draw, DRAFT_PERCENT, fingerprint } from '../../bench/bulk.js';
import { sizeOf } from '../../bench/databases.js';
import { wideArticleScans } from '../../bench/plans.js';
import { summaryTable } from '../../bench/report.js';
import { withoutBackground } from '../../bench/statements.js';
import { cellOf, median, roundOrder, roundRatio, type RunResult, type SizeResult } from '../../bench/results.js';

const run = (round: number, rps: number, p99 = 10): RunResult => ({
  round,
  rps,
  requests: rps * 3,
  p50: p99 / 2,
  p99,
  mean: p99 / 2,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  cpuMsPerRequest: null,
  pgCpuMsPerRequest: null,
  conditions: { load1: [1, 1], othersCpuShare: null, stealShare: null },
});

describe('roundOrder', () => {
  it('puts every server in every position once over as many rounds as servers', () => {
    const servers = ['A', 'B', 'C', 'D'];
    const rounds = servers.map((_, r) => roundOrder(servers, r));
    expect(rounds[0]).toEqual(['A', 'B', 'C', 'D']);
    expect(rounds[1]).toEqual(['B', 'C', 'D', 'A']);
    for (let position = 0; position < servers.length; position++)
      expect(new Set(rounds.map((order) => order[position])).size).toBe(servers.length);
    for (const order of rounds) expect([...order].sort()).toEqual(servers);
  });

  it('alternates two servers: A B, B A, A B', () => {
    expect([0, 1, 2].map((r) => roundOrder(['A', 'B'], r).join(''))).toEqual(['AB', 'BA', 'AB']);
  });
});

describe('medians and ratios of timed runs', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("summarizes a cell by its runs' medians, with the spread of req/s", () => {
    const cell = cellOf([run(0, 100, 20), run(1, 300, 10), run(2, 200, 30)]);
    expect(cell).toMatchObject({ rps: 200, rpsMin: 100, rpsMax: 300, p99: 20, p50: 10, failures: 0 });
  });

  it('divides within each round and takes the median, so one noisy round cannot move the ratio', () => {
    // Round 1 ran while the machine was busy: both servers slowed alike.
    const a = cellOf([run(0, 200), run(1, 20), run(2, 210)]);
    const b = cellOf([run(0, 100), run(1, 10), run(2, 100)]);
    expect(roundRatio(a, b, 'rps')).toBe(2);
    expect(roundRatio(a, cellOf([run(5, 1)]), 'rps')).toBeNull();
    expect(roundRatio(undefined, b, 'rps')).toBeNull();
  });
});

describe('the summary table of a size', () => {
  it('gives req/s (p99), the round-by-round ratios and the load of each page', () => {
    const size: SizeResult = {
      size: '10k',
      database: 'bench_10k',
      articles: 10_000,
      connections: [10],
      servers: {
        gateway: {
          available: true,
          cells: { home: { 10: cellOf([run(0, 300, 12), run(1, 310, 12)]) } },
          statements: {},
          statementExamples: {},
          plans: {},
          warmup: {},
          peakRssMiB: null,
        },
        postgraphile: {
          available: true,
          cells: { home: { 10: cellOf([run(0, 600, 8), run(1, 620, 8)]) } },
          statements: {},
          statementExamples: {},
          plans: {},
          warmup: {},
          peakRssMiB: null,
        },
      },
      conditions: { home: { 10: { load1Start: 3.5, load1End: 4.25, othersCpuMedian: null, othersCpuMax: null, stealMedian: null } } },
    };
    const [, , header, , row] = summaryTable(size, ['home']);
    expect(header).toContain('gateway ÷ PostGraphile');
    expect(row).toBe('| home | 305 (12.0) | n/a | 610 (8.0) | n/a | 0.50× (1.50×) | n/a | n/a | 3.5 → 4.3 |');
  });
});

describe('the fingerprint of a bulk-made database', () => {
  const plan = { articles: 1_000_000, pool: 10_000, seed: 20240304 };
  const sources = ['a.ts\nexport const x = 1;', 'b.ts\nexport const y = 2;'];

  it('is the same for the same inputs, so a cached database is reused', () => {
    expect(fingerprint(plan, sources)).toBe(fingerprint({ ...plan }, [...sources]));
    expect(fingerprint(plan, sources)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with the size, the pool, the seed and the seed generator’s text', () => {
    const base = fingerprint(plan, sources);
    expect(fingerprint({ ...plan, articles: 100_000 }, sources)).not.toBe(base);
    expect(fingerprint({ ...plan, pool: 5_000 }, sources)).not.toBe(base);
    expect(fingerprint({ ...plan, seed: 1 }, sources)).not.toBe(base);
    expect(fingerprint(plan, [sources[0]!, 'b.ts\nexport const y = 3;'])).not.toBe(base);
    // the boundary between files counts: "ab" + "c" is not "a" + "bc"
    expect(fingerprint(plan, ['ab', 'c'])).not.toBe(fingerprint(plan, ['a', 'bc']));
  });
});

describe('the bulk generator', () => {
  it('covers a range of article numbers exactly once, in chunks', () => {
    expect(chunks(10_001, 35_000, 10_000)).toEqual([
      [10_001, 20_000],
      [20_001, 30_000],
      [30_001, 35_000],
    ]);
    expect(chunks(5, 4, 10)).toEqual([]);
    expect(() => chunks(1, 10, 0)).toThrow(RangeError);
  });

  it('draws deterministically in [0, 2^32), independently per salt, with about 3 % drafts', () => {
    expect(draw(123_456, 20240304, 1)).toBe(draw(123_456, 20240304, 1));
    expect(draw(123_456, 20240304, 1)).not.toBe(draw(123_456, 20240304, 2));
    let drafts = 0;
    const days = new Set<number>();
    for (let n = 10_001; n <= 60_000; n++) {
      const value = draw(n, 20240304, 1);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(2 ** 32);
      if (value % 100 < DRAFT_PERCENT) drafts++;
      days.add(draw(n, 20240304, 2) % 1826);
    }
    expect(drafts / 50_000).toBeGreaterThan(0.025);
    expect(drafts / 50_000).toBeLessThan(0.035);
    expect(days.size).toBe(1826); // every day of 2021–2025 gets articles
  });

  it('names a size by its article count', () => {
    expect(sizeOf(1_000_000)).toBe('1m');
    expect(sizeOf(10_000)).toBe('10k');
    expect(sizeOf(250_000)).toBe('250k');
    expect(() => sizeOf(0)).toThrow(RangeError);
  });
});

describe('the plan check of the article page', () => {
  // PostGraphile's related articles at 10k before the fix (auto_explain, abridged).
  const wholeTable = `duration: 16.2 ms  plan:
Query Text: select ...
Merge Join  (cost=1.1..900.2 rows=1000 width=8) (actual time=0.5..16.0 rows=6 loops=1)
  ->  Index Scan using Article_pkey on "Article" x  (cost=0.29..700.1 rows=9752 width=8) (actual time=0.01..9.1 rows=8099 loops=1)
  ->  Sort  (cost=60.1..62.6 rows=1000 width=12) (actual time=3.1..3.1 rows=6 loops=1)
        ->  Function Scan on related_articles r  (cost=0.25..10.25 rows=1000 width=12) (actual time=3.0..3.0 rows=6 loops=1)`;
  const probes = `duration: 3.4 ms  plan:
Nested Loop  (cost=0.5..60.2 rows=6 width=8) (actual time=3.0..3.3 rows=6 loops=1)
  ->  Limit  (cost=0.25..0.31 rows=6 width=12) (actual time=3.0..3.0 rows=6 loops=1)
  ->  Index Scan using Article_pkey on "Article" x  (cost=0.29..8.3 rows=1 width=8) (actual time=0.01..0.01 rows=1 loops=6)
  ->  Index Scan using ArticleTag_tagId_visibleAt_articleId_idx on "ArticleTag" t  (cost=0.29..8.3 rows=1 width=8) (actual time=0.01..0.01 rows=5000 loops=1)`;

  it('flags a scan of Article reading a tenth of the table or more', () => {
    expect(wideArticleScans([wholeTable], 10_000)).toEqual([
      { node: 'Index Scan using Article_pkey on Article x', rowsRead: 8099, loops: 1 },
    ]);
  });

  it('passes index probes, and scans of other tables such as ArticleTag', () => {
    expect(wideArticleScans([probes], 10_000)).toEqual([]);
    // at 1M, 8,099 rows is under a tenth of the table
    expect(wideArticleScans([wholeTable], 1_000_000)).toEqual([]);
  });
});

describe('statements counted per request', () => {
  const entry = (pid: number, text: string) => ({ pid, database: 'bench_10k', text });
  it("leaves out the outbox poller's statements, their plans and the transaction around them", () => {
    const log = [
      entry(1, 'execute s1: SELECT "t0"."id" FROM "public"."Article" AS "t0" WHERE slug = $1'),
      entry(2, 'statement: BEGIN'),
      entry(2, 'execute s9: SELECT "id", "type" FROM "PublicationEvent" WHERE "dispatchedAt" IS NULL FOR UPDATE SKIP LOCKED'),
      entry(2, 'duration: 0.2 ms  plan:\nQuery Text: SELECT "id", "type" FROM "PublicationEvent"'),
      entry(1, 'statement: BEGIN'),
      entry(2, 'statement: COMMIT'),
      entry(1, 'execute s2: SELECT * FROM "related_articles"($1::int[])'),
      entry(1, 'statement: COMMIT'),
      entry(3, 'execute s3: SELECT "t0"."id" FROM "public"."PublicationEvent" AS "t0" WHERE "t0"."dueAt" > $1'),
    ];
    const { kept, background } = withoutBackground(log);
    expect(background).toBe(4);
    expect(kept.map((e) => `${e.pid} ${e.text.slice(0, 18)}`)).toEqual([
      '1 execute s1: SELECT',
      '1 statement: BEGIN',
      '1 execute s2: SELECT',
      '1 statement: COMMIT',
    ]);
  });
});

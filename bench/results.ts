/**
 * What a run of `npm run bench` records (also written as JSON to .bench/results-*.json), and
 * the arithmetic on it: medians of the timed runs, and ratios between two servers taken round
 * by round (the two runs of one round were measured a few seconds apart, under the same load).
 */
import type { PlanSummary } from './plans.js';
import type { ServerName } from './servers.js';
import type { Page } from './workload.js';

export interface RunConditions {
  /** 1-minute load average at the start and the end of the run. */
  load1: [number, number];
  /** CPU time of every process but the server, its PostgreSQL backends and the load generator, as a share of the machine. */
  othersCpuShare: number | null;
  /** CPU time the hypervisor stole, as a share of the machine. */
  stealShare: number | null;
}

export interface RunResult {
  round: number;
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  cpuMsPerRequest: number | null;
  pgCpuMsPerRequest: number | null;
  conditions: RunConditions;
}

export interface Cell {
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number | null;
  /** CPU time of the PostgreSQL backends serving this server's connections, per request. */
  pgCpuMsPerRequest: number | null;
  failures: number;
  runs: RunResult[];
}

/** What the machine was doing while one page was measured at one connection count (all servers). */
export interface CellConditions {
  load1Start: number;
  load1End: number;
  othersCpuMedian: number | null;
  othersCpuMax: number | null;
  stealMedian: number | null;
}

export interface Warmup {
  requests: number;
  seconds: number;
  failures: number;
}

export interface ServerResult {
  available: boolean;
  note?: string;
  cells: Partial<Record<Page, Record<number, Cell>>>;
  statements: Partial<Record<Page, number>>;
  statementExamples: Partial<Record<Page, string[]>>;
  plans: Partial<Record<Page, PlanSummary>>;
  warmup: Partial<Record<Page, Warmup>>;
  peakRssMiB: number | null;
  agreement?: { checked: number; agreed: number; first?: string };
}

export interface SizeResult {
  size: string;
  database: string;
  articles: number;
  connections: number[];
  servers: Partial<Record<ServerName, ServerResult>>;
  conditions: Partial<Record<Page, Record<number, CellConditions>>>;
  /** Where this size's plans were written. */
  planDir?: string;
  skipped?: string;
}

export const emptyServerResult = (available: boolean, note?: string): ServerResult => ({
  available,
  ...(note ? { note } : {}),
  cells: {},
  statements: {},
  statementExamples: {},
  plans: {},
  warmup: {},
  peakRssMiB: null,
});

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const medianOrNull = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? median(present) : null;
};

export function cellOf(runs: RunResult[]): Cell {
  const rps = runs.map((r) => r.rps);
  return {
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuMsPerRequest: medianOrNull(runs.map((r) => r.cpuMsPerRequest)),
    pgCpuMsPerRequest: medianOrNull(runs.map((r) => r.pgCpuMsPerRequest)),
    failures: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    runs,
  };
}

export function conditionsOf(runs: RunResult[], load1Start: number, load1End: number): CellConditions {
  const others = runs.map((r) => r.conditions.othersCpuShare).filter((v): v is number => v !== null);
  return {
    load1Start,
    load1End,
    othersCpuMedian: others.length ? median(others) : null,
    othersCpuMax: others.length ? Math.max(...others) : null,
    stealMedian: medianOrNull(runs.map((r) => r.conditions.stealShare)),
  };
}

/**
 * a ÷ b for one measure, as the median over the rounds both ran of the ratio within each
 * round; null when they share no round.
 */
export function roundRatio(a: Cell | undefined, b: Cell | undefined, measure: 'rps' | 'p99' | 'p50'): number | null {
  if (!a || !b) return null;
  const ratios: number[] = [];
  for (const run of a.runs) {
    const other = b.runs.find((r) => r.round === run.round);
    if (other && other[measure] > 0) ratios.push(run[measure] / other[measure]);
  }
  return ratios.length ? median(ratios) : null;
}

/**
 * The order servers take their turns in round `round` (0-based): rotated by one each round,
 * so over n rounds every server runs once in every position and none always follows the
 * same one (A B C, B C A, C A B, …).
 */
export function roundOrder<T>(servers: T[], round: number): T[] {
  const n = servers.length;
  return servers.map((_, i) => servers[(i + round) % n]!);
}

/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by where
 * the code lives (a package under node_modules, the gateway's src/, Node's internals).
 *
 *   npx tsx bench/profile.ts .bench/profiles/CPU.….cpuprofile
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  gcMs: number;
  topFunctions: { name: string; where: string; selfMs: number; percentOfBusy: number }[];
  byLocation: { location: string; selfMs: number; percentOfBusy: number }[];
}

/** Where a frame's code lives: "pkg @prisma/client", "src/schema", "node:internal", … */
export function locationOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!.replace(/^@prisma\/client$/, '@prisma/client (runtime)');
  if (url.startsWith('node:')) return 'node: (core)';
  const src = /\/(src\/[^/]+|bench\/[^/]+)/.exec(url);
  if (src) return src[1]!;
  return url.replace(/^file:\/\//, '');
}

/**
 * `window` (ms since the profile started) keeps only the samples taken under load, leaving
 * out start-up (module loading, tsx) and shutdown.
 */
export function summarizeProfile(file: string, top = 15, window?: { fromMs: number; toMs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromMs * 1000 || at > window.toMs * 1000)) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let idle = 0;
  let gc = 0;
  let total = 0;
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const locations = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      idle += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gc += us;
    const where = frame.url ? `${frame.url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const location = locationOf(frame.url, frame.functionName);
    locations.set(location, (locations.get(location) ?? 0) + us);
  }
  const busy = total - idle;
  const percent = (us: number) => Math.round((1000 * us) / Math.max(busy, 1)) / 10;
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    busyMs: busy / 1000,
    gcMs: gc / 1000,
    topFunctions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: f.us / 1000, percentOfBusy: percent(f.us) })),
    byLocation: [...locations.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([location, us]) => ({ location, selfMs: us / 1000, percentOfBusy: percent(us) })),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = [
    `Sampled ${(summary.totalMs / 1000).toFixed(1)} s, busy ${(summary.busyMs / 1000).toFixed(1)} s (GC ${((100 * summary.gcMs) / Math.max(summary.busyMs, 1)).toFixed(1)} % of busy).`,
    '',
    '| self % of busy | function | where |',
    '|---:|---|---|',
    ...summary.topFunctions.map((f) => `| ${f.percentOfBusy.toFixed(1)} | \`${f.name}\` | ${f.where || '—'} |`),
    '',
    '| self % of busy | code in |',
    '|---:|---|',
    ...summary.byLocation.map((l) => `| ${l.percentOfBusy.toFixed(1)} | ${l.location} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile.ts FILE.cpuprofile');
  console.log(formatProfile(summarizeProfile(file)));
}

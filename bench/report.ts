/**
 * The Markdown report of `npm run bench`, and the section of BENCHMARKS.md it rewrites.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sizeLabel } from './databases.js';
import { formatScan } from './plans.js';
import { formatProfile, type ProfileSummary } from './profile.js';
import { roundRatio, type Cell, type ServerResult, type SizeResult } from './results.js';
import { ALL_SERVERS, LOAD_CPU, SERVER_CPU, type ServerName } from './servers.js';
import type { Page } from './workload.js';

export interface MachineInfo {
  date: string;
  nproc: string;
  cpu: string;
  free: string;
  node: string;
  node22: string;
  postgres: string;
  load: string;
  gateway: string;
  taskset: boolean;
}

export interface ReportInput {
  root: string;
  info: MachineInfo;
  command: string;
  results: SizeResult[];
  labels: Record<ServerName, string>;
  settings: { duration: number; runs: number; settle: number; warmupRequests: number; warmupMaxSeconds: number; warmupConnections: number };
  profile: ProfileSummary | null;
  profileFile: string | null;
  profilePage: string;
  profileSeconds: number;
  /** Length of the whole run (absent from the results of runs before it was saved). */
  minutes?: number;
  activePages: Page[];
}

const fmt = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const times = (value: number | null | undefined) => (value === null || value === undefined ? 'n/a' : `${value.toFixed(2)}×`);
const percent = (share: number | null | undefined) => (share === null || share === undefined ? 'n/a' : `${(100 * share).toFixed(0)} %`);

/** The connection count ratios, CPU and targets are read at: 10 when measured. */
const mainConnections = (cols: number[]) => (cols.includes(10) ? 10 : cols[0]!);

function serversOf(size: SizeResult): [ServerName, ServerResult][] {
  return ALL_SERVERS.filter((name) => size.servers[name]).map((name) => [name, size.servers[name]!]);
}

export function renderReport(input: ReportInput): string {
  const { info, command, results, settings, minutes } = input;
  const out: string[] = [];
  out.push(`### Run of ${info.date.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push('```sh');
  out.push(command);
  out.push('```');
  out.push('');
  out.push(
    `Machine: ${info.nproc} cores (${info.cpu}), Node ${info.node} (PostGraphile and the Node 22 row: ${info.node22}), PostgreSQL ${info.postgres}; ` +
      `load average at start ${info.load.split(' ').slice(0, 3).join(' ')}; ` +
      `${info.taskset ? `servers pinned to CPU ${SERVER_CPU}, load generator to CPU ${LOAD_CPU} (taskset; PostgreSQL unpinned)` : 'no taskset: nothing pinned'}. ` +
      `${minutes === undefined ? '' : `Whole run: ${minutes.toFixed(1)} min. `}All servers run at once and are measured in turn: per page, a warm-up of at least ` +
      `${settings.warmupRequests} requests per server (c=${settings.warmupConnections}, at most ${settings.warmupMaxSeconds} s), then per connection count ` +
      `${settings.runs} rounds, each round one ${settings.duration} s run of every server in turn (after ${settings.settle} s of unmeasured load), the order rotated each round. ` +
      `Figures are medians over the rounds; ratios are medians of the ratios within each round. Gateway, naive and raw servers from ${info.gateway}.`,
  );
  out.push('');
  out.push('```');
  out.push(info.free);
  out.push('```');
  for (const size of results) renderSize(out, size, input);
  renderGrowth(out, input);
  renderTargets(out, input);
  if (input.profile) {
    out.push('');
    out.push(
      `#### CPU profile of the gateway: ${input.profilePage} page, 10 connections, ${input.profileSeconds} s under load (\`node --cpu-prof\`)`,
    );
    out.push('');
    out.push(formatProfile(input.profile));
    if (input.profileFile)
      out.push('', `Profile file: \`${path.relative(input.root, input.profileFile)}\` (open in Chrome DevTools or speedscope).`);
  }
  return out.join('\n');
}

function renderSize(out: string[], size: SizeResult, { labels, activePages, root }: ReportInput) {
  out.push('');
  out.push(`#### ${sizeLabel(size.articles)} articles (\`${size.database}\`)`);
  out.push('');
  if (size.skipped) {
    out.push(`Not run: ${size.skipped}.`);
    return;
  }
  const cols = size.connections;
  const at = mainConnections(cols);
  const servers = serversOf(size);
  out.push(...summaryTable(size, activePages), '');
  out.push('Every server and connection count:', '');
  out.push(
    `| page | server | ${cols.map((c) => `c=${c} req/s (min–max) | c=${c} p50 / p99 ms`).join(' | ')} | SQL stmts/req | server CPU ms/req (c=${at}) | PostgreSQL CPU ms/req (c=${at}) |`,
  );
  out.push(`|---|---|${cols.map(() => '---:|---:').join('|')}|---:|---:|---:|`);
  for (const page of activePages) {
    for (const [name, server] of servers) {
      const cells = server.cells[page];
      if (!server.available) {
        if (page === activePages[0]) out.push(`| all | ${labels[name]} | ${cols.map(() => 'n/a | n/a').join(' | ')} | n/a | n/a | n/a |`);
        continue;
      }
      if (!cells) {
        out.push(`| ${page} | ${labels[name]} | ${cols.map(() => '— | —').join(' | ')} | — | — | — |`);
        continue;
      }
      const fail = (c: Cell | undefined) => (c && c.failures ? ` ⚠${c.failures} failed` : '');
      const rps = (c: Cell | undefined) => (c ? `${fmt(c.rps)} (${fmt(c.rpsMin)}–${fmt(c.rpsMax)})${fail(c)}` : 'n/a');
      out.push(
        `| ${page} | ${labels[name]} | ${cols.map((c) => `${rps(cells[c])} | ${fmt(cells[c]?.p50, 1)} / ${fmt(cells[c]?.p99, 1)}`).join(' | ')} | ` +
          `${page === 'mix' ? '—' : fmt(server.statements[page], 1)} | ${fmt(cells[at]?.cpuMsPerRequest, 2)} | ${fmt(cells[at]?.pgCpuMsPerRequest, 2)} |`,
      );
    }
  }

  out.push('');
  out.push(
    'What else the machine did while each page was measured (all servers; load average = 1-minute, at the first and the last run; ' +
      "other processes' CPU = the machine's CPU time minus the measured server's, its PostgreSQL backends' and the load generator's, as a share of all cores, median and worst run):",
  );
  out.push('');
  out.push("| page | c | load average | other processes' CPU (median / max) | stolen |");
  out.push('|---|---:|---:|---:|---:|');
  for (const page of activePages) {
    for (const c of cols) {
      const k = size.conditions[page]?.[c];
      if (!k) continue;
      out.push(
        `| ${page} | ${c} | ${k.load1Start.toFixed(1)} → ${k.load1End.toFixed(1)} | ${percent(k.othersCpuMedian)} / ${percent(k.othersCpuMax)} | ${percent(k.stealMedian)} |`,
      );
    }
  }

  const warmups = servers.flatMap(([name, s]) => Object.entries(s.warmup).map(([page, w]) => ({ name, page, ...w! })));
  const short = warmups.filter((w) => w.requests < 2000);
  if (warmups.length) {
    const fewest = warmups.reduce((a, b) => (a.requests <= b.requests ? a : b));
    out.push('');
    out.push(
      `Warm-up served: fewest ${fewest.requests} requests (${labels[fewest.name]}, ${fewest.page}, ${fewest.seconds.toFixed(0)} s)` +
        (short.length ? `; under 2,000: ${short.map((w) => `${labels[w.name]} ${w.page} ${w.requests}`).join(', ')}` : '') +
        '.',
    );
  }

  out.push('');
  out.push(
    'Peak RSS (VmHWM of the serving process, MiB, over the whole size): ' +
      servers.map(([name, s]) => `${labels[name]} ${s.available ? fmt(s.peakRssMiB) : 'n/a'}`).join('; ') +
      '.',
  );
  for (const [name, s] of servers) if (s.available && s.note) out.push('', `Not measured for ${labels[name]}: ${s.note}.`);

  const planned = servers.filter(([, s]) => Object.keys(s.plans).length > 0);
  if (planned.length) {
    out.push('');
    out.push(
      `Plans (auto_explain: EXPLAIN ANALYZE with buffers of every statement, those inside functions included, on the statement-counting instance; ` +
        `whole plans in \`${size.planDir ? path.relative(root, size.planDir) : '.bench/plans'}\`):`,
    );
    out.push('');
    out.push('| page | server | plans/req | ms/req (logged) | slowest ms | largest scan (rows read) | seq scans of ≥ 1,000 rows a loop |');
    out.push('|---|---|---:|---:|---:|---|---|');
    for (const page of activePages) {
      for (const [name, s] of planned) {
        const p = s.plans[page];
        if (!p) continue;
        out.push(
          `| ${page} | ${labels[name]} | ${fmt(p.plansPerRequest, 1)} | ${fmt(p.loggedMsPerRequest, 2)} | ${fmt(p.slowestMs, 2)} | ${formatScan(p.largestScan)} | ${
            p.seqScans.length ? p.seqScans.map(formatScan).join('; ') : '—'
          } |`,
        );
      }
    }
  }

  const agreements = servers.filter(([, s]) => s.agreement);
  if (agreements.length) {
    out.push('');
    out.push(
      "Answers checked against the gateway's before measuring (servers of the gateway's shape: whole answers without cursors; PostGraphile: the article titles, in order): " +
        agreements
          .map(
            ([name, s]) =>
              `${labels[name]} ${s.agreement!.agreed}/${s.agreement!.checked}${s.agreement!.first ? ` (first difference: ${s.agreement!.first})` : ''}`,
          )
          .join('; ') +
        '.',
    );
  }

  const g = size.servers.gateway;
  if (!g?.available) return;
  out.push('');
  out.push(`Ratios at c=${at}, each the median of the ratios within each round (req/s; p99 in brackets, lower is better for the first):`);
  out.push('');
  out.push(
    '| page | gateway ÷ PostGraphile | gateway on Node 22 ÷ PostGraphile | gateway ÷ raw SQL | gateway ÷ naive | gateway: Node 22 ÷ Node 20 | cache hit ÷ miss |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  const cell = (name: ServerName, page: Page) => size.servers[name]?.cells[page]?.[at];
  const both = (a: ServerName, b: ServerName, page: Page) => {
    const rps = roundRatio(cell(a, page), cell(b, page), 'rps');
    return rps === null ? 'n/a' : `${times(rps)} (p99 ${times(roundRatio(cell(a, page), cell(b, page), 'p99'))})`;
  };
  for (const page of activePages) {
    out.push(
      `| ${page} | ${both('gateway', 'postgraphile', page)} | ${both('gateway-node22', 'postgraphile', page)} | ${both('gateway', 'raw', page)} | ` +
        `${both('gateway', 'naive', page)} | ${both('gateway-node22', 'gateway', page)} | ${times(roundRatio(cell('gateway-cache', page), cell('gateway', page), 'rps'))} |`,
    );
  }
}

/**
 * The table to read first, one per size: at the main connection count, each page's req/s and
 * p99 for the gateway (Node 20 and 22), PostGraphile and raw SQL, the ratios (medians of the
 * ratios within each round) and the load average while the page was measured.
 */
export function summaryTable(size: SizeResult, activePages: Page[]): string[] {
  const at = mainConnections(size.connections);
  const cell = (name: ServerName, page: Page) => size.servers[name]?.cells[page]?.[at];
  const rate = (name: ServerName, page: Page) => {
    const c = cell(name, page);
    return c ? `${fmt(c.rps)} (${fmt(c.p99, 1)})` : 'n/a';
  };
  const ratio = (a: ServerName, b: ServerName, page: Page) => times(roundRatio(cell(a, page), cell(b, page), 'rps'));
  const lines = [
    `Summary at c=${at}: req/s (p99 ms) per server, the median over ${size.servers.gateway?.cells.article?.[at]?.runs.length ?? 'n'} interleaved rounds; ` +
      'ratios are req/s, the median of the ratios within each round (gateway p99 ÷ PostGraphile p99 beside it); load = 1-minute load average at the first → last run of the page.',
    '',
    '| page | gateway | gateway, Node 22 | PostGraphile | raw SQL | gateway ÷ PostGraphile (p99) | Node 22 gateway ÷ PostGraphile | gateway ÷ raw SQL | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const page of activePages) {
    const k = size.conditions[page]?.[at];
    const p99 = roundRatio(cell('gateway', page), cell('postgraphile', page), 'p99');
    lines.push(
      `| ${page} | ${rate('gateway', page)} | ${rate('gateway-node22', page)} | ${rate('postgraphile', page)} | ${rate('raw', page)} | ` +
        `${ratio('gateway', 'postgraphile', page)}${p99 === null ? '' : ` (${times(p99)})`} | ${ratio('gateway-node22', 'postgraphile', page)} | ` +
        `${ratio('gateway', 'raw', page)} | ${k ? `${k.load1Start.toFixed(1)} → ${k.load1End.toFixed(1)}` : 'n/a'} |`,
    );
  }
  return lines;
}

/** 1M ÷ 10k (or the largest size ÷ the smallest) latency of the uncached gateway. */
function growthRows({ results, activePages }: ReportInput) {
  const measured = results.filter((r) => !r.skipped).sort((a, b) => a.articles - b.articles);
  const small = measured[0];
  const large = measured.length > 1 ? measured.at(-1) : undefined;
  if (!small || !large) return null;
  const c = large.connections.find((x) => small.connections.includes(x));
  const rows = activePages.map((page) => {
    const a = c !== undefined ? small.servers.gateway?.cells[page]?.[c] : undefined;
    const b = c !== undefined ? large.servers.gateway?.cells[page]?.[c] : undefined;
    return {
      page,
      p50: a && b ? b.p50 / a.p50 : null,
      p99: a && b ? b.p99 / a.p99 : null,
      rps: a && b ? b.rps / a.rps : null,
    };
  });
  return { small, large, c, rows };
}

function renderGrowth(out: string[], input: ReportInput) {
  const growth = growthRows(input);
  if (!growth) return;
  out.push('');
  out.push(
    `#### Growth: ${sizeLabel(growth.large.articles)} ÷ ${sizeLabel(growth.small.articles)}, gateway (cache off), c=${growth.c ?? 'n/a'}`,
  );
  out.push('');
  out.push('| page | p50 | p99 | req/s |');
  out.push('|---|---:|---:|---:|');
  for (const row of growth.rows) out.push(`| ${row.page} | ${times(row.p50)} | ${times(row.p99)} | ${times(row.rps)} |`);
}

/** Issue 15's targets (and issue 8's growth targets), from the smallest size of this run. */
function renderTargets(out: string[], input: ReportInput) {
  const small = input.results.filter((r) => !r.skipped).sort((a, b) => a.articles - b.articles)[0];
  if (!small) return;
  const at = mainConnections(small.connections);
  const cell = (name: ServerName, page: Page) => small.servers[name]?.cells[page]?.[at];
  const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : '**missed**');
  const rows: string[] = [];
  for (const page of ['article', 'home', 'tag', 'archive'] as Page[]) {
    const rps = roundRatio(cell('gateway', page), cell('postgraphile', page), 'rps');
    const p99 = roundRatio(cell('gateway', page), cell('postgraphile', page), 'p99');
    rows.push(
      `| ≥ 1.0× PostGraphile req/s on ${page}, p99 no worse (1.5× the aim) | ${rps === null ? 'n/a' : `${times(rps)}; p99 ${times(p99)}`} | ${verdict(rps === null || p99 === null ? null : rps >= 1 && p99 <= 1)} |`,
    );
  }
  const home = roundRatio(cell('gateway', 'home'), cell('raw', 'home'), 'rps');
  rows.push(
    `| ≥ 40 % of raw SQL's req/s on home | ${home === null ? 'n/a' : `${(100 * home).toFixed(0)} %`} | ${verdict(home === null ? null : home >= 0.4)} |`,
  );
  for (const page of ['article', 'archive'] as Page[]) {
    const st = small.servers.gateway?.statements[page];
    rows.push(`| ≤ 2 SQL statements for the ${page} page | ${fmt(st, 1)} | ${verdict(st === undefined ? null : st <= 2)} |`);
  }
  const hit = roundRatio(cell('gateway-cache', 'article'), cell('gateway', 'article'), 'rps');
  rows.push(`| cache hits ≥ 10× the uncached article page | ${times(hit)} | ${verdict(hit === null ? null : hit >= 10)} |`);
  const growth = growthRows(input);
  for (const page of ['article', 'search'] as Page[]) {
    const g = growth?.rows.find((r) => r.page === page);
    const sizes = growth
      ? `${sizeLabel(growth.large.articles)} within 2× of ${sizeLabel(growth.small.articles)}`
      : 'the largest size within 2× of the smallest';
    rows.push(
      `| ${page} latency at ${sizes} (p50, p99) | ${g ? `${times(g.p50)}, ${times(g.p99)}` : 'n/a'} | ${verdict(g?.p50 == null || g.p99 == null ? null : g.p50 <= 2 && g.p99 <= 2)} |`,
    );
  }
  out.push('');
  out.push(`#### Targets (gateway, cache off unless said; ${sizeLabel(small.articles)}, c=${at}, from this run)`);
  out.push('');
  out.push('| target | measured | |');
  out.push('|---|---|---|');
  out.push(...rows);
}

const START = '<!-- bench/run.ts: start -->';
const END = '<!-- bench/run.ts: end -->';

/** Rewrites the harness's own section of BENCHMARKS.md, keeping everything else. */
export function updateBenchmarksMd(root: string, report: string) {
  const file = path.join(root, 'BENCHMARKS.md');
  const section = `${START}\n## Latest run of \`npm run bench\` (written by bench/run.ts)\n\n${report}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

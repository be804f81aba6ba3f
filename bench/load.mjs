/**
 * The load generator of `npm run bench`, run by bench/run.ts in its own process (pinned to
 * another core than the servers with taskset). Reads a job from the JSON file named by its
 * argument, runs autocannon, and prints one JSON line.
 *
 * Job: { mode, url, requests: [{ method, path, body? }], connections, ... }
 *
 * - mode "warmup" ({ minRequests, maxSeconds }): load in 2 s steps until the server has
 *   answered minRequests requests or maxSeconds have passed; prints { requests, seconds }.
 * - mode "run" ({ duration, settle, serverPids, databaseUrl?, appName? }): `settle` seconds of
 *   load that are not measured (the server's pool may have closed idle connections while
 *   the other servers were measured), then one timed run of `duration` seconds. Prints req/s,
 *   latency percentiles, errors, the CPU time of the server's processes and of the PostgreSQL
 *   backends serving its connections (application_name = appName), and what else the machine
 *   did meanwhile: its load average, the CPU time of every other process (all CPU time from
 *   /proc/stat minus the server, its backends and this load generator) and the time stolen
 *   by the hypervisor.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const ticksToMs = (ticks) => (ticks * 1000) / TICKS_PER_SECOND;

/** CPU ms (utime + stime) of each process, by pid; a process that is gone is left out. */
function cpuMsByPid(pids) {
  const byPid = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(pid, ticksToMs(Number(fields[11]) + Number(fields[12]))); // utime, stime (fields 14 and 15)
    } catch {
      // exited
    }
  }
  return byPid;
}

/** CPU ms spent between two snapshots; a process born in between counts from zero. */
function spent(before, after) {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** The whole machine's CPU time from the first line of /proc/stat, in ms. */
function machineCpu() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return {
    busy: ticksToMs(user + nice + system + irq + softirq),
    steal: ticksToMs(steal),
    total: ticksToMs(user + nice + system + idle + iowait + irq + softirq + steal),
  };
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

function run(duration) {
  let next = 0;
  const requests = job.requests;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration,
        pipelining: 1,
        timeout: 30,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              const r = requests[next++ % requests.length];
              return { ...request, method: r.method, path: r.path, body: r.body ?? undefined };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function backendPids() {
  if (!job.databaseUrl || !job.appName) return [];
  const client = new pg.Client({ connectionString: job.databaseUrl, application_name: 'bench-load-probe' });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [job.appName]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

async function warmup() {
  const started = Date.now();
  let requests = 0;
  let failures = 0;
  while (requests < job.minRequests && (Date.now() - started) / 1000 < job.maxSeconds) {
    const result = await run(2);
    requests += result.requests.total;
    failures += result.errors + result.timeouts + result.non2xx;
  }
  return { requests, failures, seconds: (Date.now() - started) / 1000 };
}

async function timedRun() {
  if (job.settle > 0) await run(job.settle);
  const backendsBefore = await backendPids();
  const server0 = cpuMsByPid(job.serverPids);
  const pg0 = cpuMsByPid(backendsBefore);
  const machine0 = machineCpu();
  const self0 = process.cpuUsage();
  const load0 = loadAverage();
  const result = await run(job.duration);
  const self = process.cpuUsage(self0);
  const machine1 = machineCpu();
  const serverMs = spent(server0, cpuMsByPid(job.serverPids));
  // Backends opened during the run count too; one closed during it is lost (rare: pools keep theirs under load).
  const pgMs = spent(pg0, cpuMsByPid([...new Set([...backendsBefore, ...(await backendPids())])]));
  const total = machine1.total - machine0.total;
  const others = machine1.busy - machine0.busy - serverMs - pgMs - (self.user + self.system) / 1000;
  const served = result.requests.total;
  return {
    rps: served / result.duration,
    requests: served,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuMsPerRequest: served > 0 ? serverMs / served : null,
    pgCpuMsPerRequest: backendsBefore.length > 0 && served > 0 ? pgMs / served : null,
    conditions: {
      load1: [load0, loadAverage()],
      /** Other processes' CPU time, as a share of all the machine's cores over the run. */
      othersCpuShare: total > 0 ? Math.max(0, others) / total : null,
      stealShare: total > 0 ? (machine1.steal - machine0.steal) / total : null,
    },
  };
}

const output = job.mode === 'warmup' ? await warmup() : await timedRun();
process.stdout.write(JSON.stringify(output) + '\n');

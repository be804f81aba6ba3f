/**
 * The load generator of `npm run bench`, run by bench/run.ts in its own process (pinned to
 * another core than the server with taskset). Reads a job from the JSON file named by its
 * argument, runs autocannon (a warm-up, then `runs` timed runs), and prints one JSON line:
 * per run, req/s, latency percentiles, errors, and the server's CPU time (utime + stime of
 * its processes, from /proc) over that run.
 *
 * Job: { url, requests: [{ method, path, body? }], connections, duration, warmup, runs, serverPids,
 *        databaseUrl?, appName? }: with the last two, also the CPU time of the PostgreSQL backends
 *        serving the server's connections (found by application_name once the warm-up has opened them).
 *
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function serverCpuMs(pids = job.serverPids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // a process that has exited contributes nothing more
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

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

if (job.warmup > 0) await run(job.warmup);
const backends = await backendPids();
const runs = [];
for (let i = 0; i < job.runs; i++) {
  const cpuBefore = serverCpuMs();
  const pgBefore = serverCpuMs(backends);
  const result = await run(job.duration);
  const cpuMs = serverCpuMs() - cpuBefore;
  const pgMs = serverCpuMs(backends) - pgBefore;
  runs.push({
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuMsPerRequest: result.requests.total > 0 ? cpuMs / result.requests.total : null,
    pgCpuMsPerRequest: backends.length > 0 && result.requests.total > 0 ? pgMs / result.requests.total : null,
  });
}
process.stdout.write(JSON.stringify({ runs }) + '\n');

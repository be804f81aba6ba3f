/**
 * `npm run stack` itself (scripts/stack.ts): started as a newcomer starts it, on ports moved
 * by STACK_PORT_BASE to a free block and with its files in a folder of the test's own
 * (STACK_DIR), it must say where its parts listen, answer a reader through Varnish (a hit the
 * second time), and on Ctrl-C (SIGINT) stop every process it started, the PostgreSQL servers
 * that pg_ctl detached included, and remove its files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkFolder } from '../../scripts/stack/engines.js';
import { edgeEntry, missingEdgeEngines, readGet, warnSkipping } from '../support/edge.js';
import { projectRoot } from '../support/server-process.js';
import { bound, eventually, SERVER_START_MS } from '../support/timeouts.js';

const missing = missingEdgeEngines(['varnishd', 'redis-server', 'pgbouncer', 'initdb', 'pg_basebackup', 'pg_ctl', 'psql']);
warnSkipping('the npm run stack test', missing);

const OFFSETS = [1, 2, 80, 379, 432, 433, 434];

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) =>
    server.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)),
  );
  if (free) await new Promise((resolve) => server.close(resolve));
  return free;
}

/** A STACK_PORT_BASE whose every port is free now. */
async function freeBase(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 100;
    if ((await Promise.all(OFFSETS.map((offset) => isFree(base + offset)))).every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the stack');
}

const alive = (pid: number) => {
  try {
    // A zombie is gone in all but name.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Every process descending from `root`, and every one whose command line names `folder`. */
function processesOf(root: number, folder: string): Map<number, string> {
  const found = new Map<number, string>();
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (command.includes(folder)) found.set(Number(entry), command);
    } catch {
      // Gone meanwhile.
    }
  }
  const descends = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) if (at === root) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!descends(pid) || found.has(pid)) continue;
    try {
      found.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // Gone meanwhile.
    }
  }
  // PostgreSQL's backends name no folder: they descend from a postmaster that does.
  for (const [pid] of parents) if (!found.has(pid) && [...found.keys()].includes(parents.get(pid)!)) found.set(pid, 'a child');
  return found;
}

describe.skipIf(missing.length > 0)('npm run stack', () => {
  let stack: ChildProcess | null = null;
  let dir: string;

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const exited = new Promise((resolve) => stack!.once('exit', resolve));
      stack.kill('SIGINT');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'starts every part, serves a reader through the edge, and leaves nothing behind on Ctrl-C',
    async () => {
      const base = await freeBase();
      // Readable to PostgreSQL's and Varnish's own users, as .stack/ is.
      dir = makeWorkFolder('stack-test-');
      const stackDir = path.join(dir, 'stack');
      stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack.ts'], {
        cwd: projectRoot,
        env: { ...process.env, STACK_PORT_BASE: String(base), STACK_DIR: stackDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      stack.stdout!.on('data', (chunk) => (output += chunk));
      stack.stderr!.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => stack!.once('exit', (code) => resolve(code)));

      // Up, or failed: a stack that exits early fails the test at once, with what it printed.
      const up = eventually(() => expect(output).toMatch(/The stack is up/), 2 * SERVER_START_MS, 250);
      await Promise.race([up, exited.then((code) => Promise.reject(new Error(`the stack exited with ${code}:\n${output}`)))]);
      const edge = `http://127.0.0.1:${base + 80}`;
      expect(output).toContain(`Edge (Varnish, readers come here)  ${edge}/graphql`);
      expect(output).toContain(`http://127.0.0.1:${base + 1}/graphql`);
      expect(output).toContain(`postgresql://postgres@127.0.0.1:${base + 432}/news`);

      // The demo content through the edge; the second time from the edge's cache.
      const query = '{ articles(first: 3) { edges { node { title } } } }';
      const first = await eventually(async () => {
        const answer = await readGet(edge, query, {});
        expect(answer.status).toBe(200);
        expect(answer.data.articles.edges).toHaveLength(3);
        return answer;
      });
      const second = await eventually(async () => {
        const answer = await readGet(edge, query, {});
        expect(edgeEntry(answer.cacheStatus)).toBe('hit');
        return answer;
      });
      expect(second.data).toEqual(first.data);

      const processes = processesOf(stack.pid!, stackDir);
      const commands = [...processes.values()].join('\n');
      for (const part of [/varnishd/, /redis-server/, /pgbouncer/, /postgres.*primary/, /postgres.*replica/, /src\/main\.ts/])
        expect(commands).toMatch(part);

      stack.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toMatch(/stopped Varnish[\s\S]*stopped gateway 1[\s\S]*stopped PostgreSQL primary/);
      await eventually(() => expect([...processes].filter(([pid]) => alive(pid))).toEqual([]), bound(30_000));
      expect(existsSync(stackDir)).toBe(false);
    },
    3 * SERVER_START_MS,
  );
});

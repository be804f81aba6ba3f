/**
 * Servers under test as child processes: start (pinned to a core with taskset), wait until
 * they answer, find their process tree in /proc, read CPU time and peak RSS, stop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** The spawned process and its descendants (npm → sh → tsx → node for `npm start`). */
  pids(): number[];
  /** The process that serves: the deepest node process of the tree. */
  serverPid(): number;
  exited: Promise<number | null>;
}

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

export function startProcess(launch: Launch, logFile: string, cpu: number | null): Running {
  const out = openSync(logFile, 'a');
  const [command, args] =
    cpu !== null && hasTaskset ? ['taskset', ['-c', String(cpu), launch.command, ...launch.args]] : [launch.command, launch.args];
  const child = spawn(command, args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so nothing is left behind when it is stopped
  });
  closeSync(out);
  const pid = child.pid!;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid,
    pids: () => [pid, ...descendants(pid)],
    serverPid: () => {
      // The node process holding the most memory: the server, not npm, sh or tsx's launcher.
      const nodes = [pid, ...descendants(pid)].filter((p) => commandName(p) === 'node');
      const rss = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(readStatus(p))?.[1] ?? 0);
      return nodes.sort((a, b) => rss(b) - rss(a))[0] ?? pid;
    },
    exited,
  };
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Resident set of one process, in MiB: now (VmRSS) or its peak (VmHWM). */
export function rssMiB(pid: number, which: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readStatus(pid));
  return match ? Number(match[1]) / 1024 : null;
}

/** Peak resident set (VmHWM) of one process, in MiB. */
export const peakRssMiB = (pid: number) => rssMiB(pid, 'VmHWM');

/** CPU time (utime + stime) one process has used, in ms; 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** Waits until `probe` resolves true, or throws after `timeoutMs` (or if the process exits). */
export async function waitUntilReady(running: Running, probe: () => Promise<boolean>, timeoutMs: number, logFile: string) {
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  await stopProcess(running);
  throw new Error(`server did not become ready${exited ? ' (it exited)' : ''}; end of ${logFile}:\n${tail}`);
}

/**
 * Stops a server: SIGTERM to the serving process (so it shuts down cleanly and, under
 * --cpu-prof, writes its profile), then its wrappers follow; anything still there after
 * 15 s gets SIGKILL, by process group.
 */
export async function stopProcess(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  try {
    process.kill(running.serverPid(), 'SIGTERM');
  } catch {
    // already gone
  }
  const done = await Promise.race([running.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!done) {
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await running.exited;
  }
}

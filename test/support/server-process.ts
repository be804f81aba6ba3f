/**
 * Runs the gateway as users do (`src/main.ts` in its own Node process) on a port the OS
 * picks (PORT=0), and stops it with SIGTERM.
 *
 * Start-up is the heavy part of a test server (migrations through the WASM schema engine, the
 * demo seed): at most TEST_SERVER_STARTS (default 2, one per core) servers start at once
 * across every test file and worker, so that servers started together do not starve each
 * other into missing their bounds. Readiness is polled (the "listening" log line), with a
 * generous bound (timeouts.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataDirInUseError, lockDataDir, type DataDirLock } from '../../src/db/data-dir-lock.js';
import { eventually, SERVER_START_MS } from './timeouts.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  output(): string;
  /** Polls the server's output until it matches `pattern` (a log line is written a moment after the response). */
  waitForOutput(pattern: RegExp): Promise<string>;
  stop(): Promise<number | null>;
}

const startSlots = Math.max(1, Number(process.env.TEST_SERVER_STARTS) || 2);
const slotFolder = path.join(tmpdir(), 'news-gateway-test-server-starts');

/** One of the machine-wide start slots (a lock file per slot; a crashed holder's is stale). */
async function takeStartSlot(deadline: number): Promise<DataDirLock> {
  mkdirSync(slotFolder, { recursive: true });
  for (;;) {
    for (let slot = 0; slot < startSlots; slot++) {
      try {
        return lockDataDir(path.join(slotFolder, `slot-${slot}`), { kind: 'tool', command: 'a test server starting' }, () => 'busy');
      } catch (error) {
        if (!(error instanceof DataDirInUseError)) throw error;
      }
    }
    if (Date.now() > deadline) throw new Error(`no server start slot became free in time (TEST_SERVER_STARTS=${startSlots})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startServer(env: Record<string, string>, timeoutMs = SERVER_START_MS): Promise<ServerProcess> {
  const deadline = Date.now() + timeoutMs;
  const slot = await takeStartSlot(deadline);
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let url: string;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          child.kill('SIGKILL');
          reject(new Error(`server did not start in ${timeoutMs} ms (TEST_SERVER_START_TIMEOUT_MS):\n${output}`));
        },
        Math.max(0, deadline - Date.now()),
      );
      const check = () => {
        const match = /GraphQL and GraphiQL at (http:\/\/[^\s"]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${output}`));
      });
    });
  } finally {
    slot.release();
  }

  return {
    url,
    pid: child.pid!,
    output: () => output,
    waitForOutput: (pattern) =>
      eventually(() => {
        const match = pattern.exec(output);
        if (!match) throw new Error(`the server's output never matched ${pattern}:\n${output}`);
        return match[0];
      }),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function postQuery(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

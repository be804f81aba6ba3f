/**
 * Runs a command-line tool (`src/cli/*.ts`) in its own process, as `npm run …` does, and
 * collects what it printed. Asynchronous, so that the test's own servers keep answering
 * meanwhile; bounded by COMMAND_MS (timeouts.ts), never by a short fixed limit.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { COMMAND_MS } from './timeouts.js';
import { projectRoot } from './server-process.js';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(tool: string, args: string[], env: Record<string, string> = {}, timeoutMs = COMMAND_MS): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src/cli', `${tool}.ts`), ...args], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm run ${tool} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

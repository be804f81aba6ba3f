import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentHolder, DataDirInUseError, lockDataDir, lockFileOf } from '../../src/db/data-dir-lock.js';

const root = mkdtempSync(path.join(tmpdir(), 'data-dir-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => path.join(root, `pglite-${folders++}`);
const describeHolder = (holder: { command: string; pid: number }) => `${holder.command} (pid ${holder.pid}) has it`;

/** The PID of a process that has already exited: what a crashed gateway leaves in its lock. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the embedded database folder lock', () => {
  it('is taken by one process, refused to the next with who holds it, and free again once released', () => {
    const dataDir = folder();
    const lock = lockDataDir(dataDir, { kind: 'gateway', command: 'npm start' }, describeHolder);
    expect(currentHolder(dataDir)).toMatchObject({ kind: 'gateway', command: 'npm start', pid: process.pid, socketDirectory: null });
    expect(() => lockDataDir(dataDir, { kind: 'tool', command: 'npm run seed' }, describeHolder)).toThrow(
      new DataDirInUseError(`npm start (pid ${process.pid}) has it`, lock.holder),
    );
    lock.release();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    expect(currentHolder(dataDir)).toBeNull();
    lockDataDir(dataDir, { kind: 'tool', command: 'npm run seed' }, describeHolder).release();
  });

  it('is taken on a fresh checkout, where the folder that will hold the data does not exist yet', () => {
    const dataDir = path.join(root, `fresh-${folders++}`, 'pglite');
    expect(existsSync(path.dirname(dataDir))).toBe(false);
    const lock = lockDataDir(dataDir, { kind: 'gateway', command: 'npm start' }, describeHolder);
    expect(currentHolder(dataDir)).toMatchObject({ kind: 'gateway', pid: process.pid });
    lock.release();
  });

  it('records where a gateway serves the database, for the tools to find', () => {
    const dataDir = folder();
    const lock = lockDataDir(dataDir, { kind: 'gateway', command: 'npm start' }, describeHolder);
    lock.announceSocket('/tmp/news-gateway-abc');
    expect(currentHolder(dataDir)?.socketDirectory).toBe('/tmp/news-gateway-abc');
    lock.release();
  });

  it('takes over the lock of a process that died without releasing it, and removes its socket folder', () => {
    const dataDir = folder();
    const socketDirectory = path.join(root, 'stale-socket');
    mkdirSync(socketDirectory);
    const stale = { kind: 'gateway', command: 'npm start', pid: deadPid(), host: hostname(), since: '', socketDirectory, token: 'old' };
    writeFileSync(lockFileOf(dataDir), JSON.stringify(stale));
    expect(currentHolder(dataDir)).toBeNull();
    expect(existsSync(socketDirectory)).toBe(false);
    const lock = lockDataDir(dataDir, { kind: 'gateway', command: 'npm start' }, describeHolder);
    expect(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('treats a half-written lock file as stale, and a live process on another host as holding it', () => {
    const dataDir = folder();
    writeFileSync(lockFileOf(dataDir), '{"kind":"gat');
    expect(currentHolder(dataDir)).toBeNull();
    const elsewhere = {
      kind: 'gateway',
      command: 'npm start',
      pid: deadPid(),
      host: 'another-host',
      since: '',
      socketDirectory: null,
      token: 't',
    };
    writeFileSync(lockFileOf(dataDir), JSON.stringify(elsewhere));
    expect(currentHolder(dataDir)).toMatchObject({ host: 'another-host' });
  });

  it('leaves a lock alone that is not its own when releasing', () => {
    const dataDir = folder();
    const lock = lockDataDir(dataDir, { kind: 'tool', command: 'npm run import' }, describeHolder);
    const other = { ...lock.holder, token: 'someone-else' };
    writeFileSync(lockFileOf(dataDir), JSON.stringify(other));
    lock.release();
    expect(existsSync(lockFileOf(dataDir))).toBe(true);
  });
});

/**
 * Who is using an embedded database folder. PGlite is one PostgreSQL backend inside one
 * process: two processes opening the same folder each believe they own its files, and
 * corrupt them (an index pointing at another row, writes lost). So the process that opens a
 * folder first writes `<folder>.lock`, saying who it is and, for a gateway, where command-line
 * tools can reach its database (src/db/embedded-socket.ts); everyone else reads it first.
 *
 * The file is created atomically (O_EXCL), so of two processes starting at once one wins. A
 * process that crashed leaves its file behind: a lock whose process is gone (its PID no
 * longer runs on this host) is stale, and is taken over.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface DataDirHolder {
  /** A gateway serves the folder to command-line tools (once it has started); a tool only uses it. */
  kind: 'gateway' | 'tool';
  /** What holds it, as a user would type it: "npm start", "npm run seed". */
  command: string;
  pid: number;
  host: string;
  since: string;
  /** A gateway's socket folder once it serves other processes; null while it starts, and for tools. */
  socketDirectory: string | null;
  /** Tells this holding apart from an earlier one of the same PID. */
  token: string;
}

export class DataDirInUseError extends Error {
  constructor(
    message: string,
    readonly holder: DataDirHolder,
  ) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

export function lockFileOf(dataDir: string): string {
  return `${dataDir}.lock`;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLockFile(file: string): DataDirHolder | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as DataDirHolder;
    if (Number.isInteger(holder.pid) && typeof holder.command === 'string') return holder;
  } catch {
    // A lock written half-way by a process that died while writing it: stale.
  }
  return { kind: 'tool', command: 'an unknown process', pid: 0, host: hostname(), since: '', socketDirectory: null, token: text };
}

/** The process holding the folder, or null when none does (a stale lock is removed on the way). */
export function currentHolder(dataDir: string): DataDirHolder | null {
  const file = lockFileOf(dataDir);
  const holder = readLockFile(file);
  if (!holder) return null;
  // On another host (a shared network folder) the PID says nothing: take it as held.
  if (holder.host !== hostname() || (holder.pid > 0 && processRuns(holder.pid))) return holder;
  // Stale. Remove it only if it is still the same lock, not one a new process just wrote.
  if (readLockFile(file)?.token === holder.token) {
    rmSync(file, { force: true });
    if (holder.socketDirectory) rmSync(holder.socketDirectory, { recursive: true, force: true });
  }
  return null;
}

export interface DataDirLock {
  holder: DataDirHolder;
  /** Records where the gateway now serves its database to other processes. */
  announceSocket(directory: string): void;
  release(): void;
}

function writeAtomically(file: string, holder: DataDirHolder): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/**
 * Takes the folder for `command`, or throws DataDirInUseError naming who holds it. The lock
 * goes when `release()` is called or the process exits.
 */
export function lockDataDir(
  dataDir: string,
  { kind, command }: Pick<DataDirHolder, 'kind' | 'command'>,
  describeHolder: (holder: DataDirHolder) => string,
): DataDirLock {
  const file = lockFileOf(dataDir);
  // On a fresh checkout nothing has made DATA_DIR's parent yet (.data/ for the default
  // .data/pglite), and the lock is taken before the database opens and makes the folder.
  mkdirSync(path.dirname(file), { recursive: true });
  let holder: DataDirHolder = {
    kind,
    command,
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    socketDirectory: null,
    token: randomUUID(),
  };
  for (let attempt = 0; ; attempt++) {
    const existing = currentHolder(dataDir);
    if (existing) throw new DataDirInUseError(describeHolder(existing), existing);
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      // Someone created it between our look and our write: look again (at most a few times).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
  }

  const ours = () => readLockFile(file)?.token === holder.token;
  const release = () => {
    process.off('exit', release);
    if (ours()) unlinkSync(file);
  };
  process.on('exit', release);
  return {
    get holder() {
      return holder;
    },
    announceSocket(directory) {
      holder = { ...holder, socketDirectory: directory };
      if (ours()) writeAtomically(file, holder);
    },
    release,
  };
}

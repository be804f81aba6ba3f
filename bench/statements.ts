/**
 * SQL statements per request, counted by PostgreSQL itself, the same way for every server.
 *
 * pg_stat_statements is not loaded on this server (shared_preload_libraries is empty, and
 * loading it needs a restart of a PostgreSQL that others use), so the harness starts a
 * separate instance of each server whose connections carry `-c log_statement=all` (through
 * PGOPTIONS, which node-postgres passes on; superuser only) and an application_name of
 * their own (PGAPPNAME). It then sends a few requests one at a time and counts the
 * "statement:"/"execute …:" lines that those backends (found by application_name in
 * pg_stat_activity) wrote to the server log. Every statement a client sends counts, BEGIN
 * and COMMIT included; statements run inside a PL/pgSQL function (related_articles) do not.
 * The timed runs use instances started without logging.
 *
 * The same instance also loads auto_explain for its own sessions (session_preload_libraries,
 * superuser only), so every statement's plan, with actual rows, times and buffers, lands in
 * the same log: bench/plans.ts reads them, so that a bad plan in any server's setup shows.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

export const STATEMENT_LOG_APP = 'bench-statement-count';
const AUTO_EXPLAIN = [
  'session_preload_libraries=auto_explain',
  'auto_explain.log_min_duration=0',
  'auto_explain.log_analyze=on',
  'auto_explain.log_buffers=on',
  'auto_explain.log_timing=on',
  // The statements inside related_articles() too: that is where the ranking's plan is.
  'auto_explain.log_nested_statements=on',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');
export const statementLogEnv = { PGOPTIONS: `-c log_statement=all ${AUTO_EXPLAIN}`, PGAPPNAME: STATEMENT_LOG_APP };

/** The PostgreSQL server log, when this process can read it. */
export async function findServerLog(admin: pg.ClientBase): Promise<string | null> {
  const candidates: string[] = [];
  try {
    const { rows } = await admin.query<{ file: string | null }>('SELECT pg_current_logfile() AS file');
    const { rows: dir } = await admin.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
    if (rows[0]?.file) candidates.push(rows[0].file.startsWith('/') ? rows[0].file : `${dir[0]?.setting}/${rows[0].file}`);
  } catch {
    // not allowed, or no logging collector
  }
  const { rows: version } = await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const major = Math.floor(Number(version[0]?.v ?? 0) / 10000);
  candidates.push(`/var/log/postgresql/postgresql-${major}-main.log`);
  for (const file of candidates) {
    try {
      closeSync(openSync(file, 'r'));
      return file;
    } catch {
      // not there or not readable
    }
  }
  return null;
}

export function logSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function readFrom(file: string, offset: number): string {
  const size = logSize(file);
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** Backends of the counting instance right now. */
export async function countingBackends(admin: pg.ClientBase, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [
    STATEMENT_LOG_APP,
    database,
  ]);
  return rows.map((row) => row.pid);
}

/** One message of the server log: its header line and its tab-indented continuation lines. */
export interface LogEntry {
  pid: number;
  database: string;
  /** The message after "LOG:  ", with its continuation lines (tabs removed). */
  text: string;
}

const HEADER = /^\S+ \S+ \S+ \[(\d+)\] [^ ]*@([^ ]*) (?:LOG|DETAIL|STATEMENT|ERROR|WARNING|NOTICE|HINT|CONTEXT):\s+(.*)$/;

/** Splits a stretch of the log into messages (only LOG messages are kept). */
export function parseLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  let current: (LogEntry & { keep: boolean }) | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('\t')) {
      if (current) current.text += `\n${line.slice(1)}`;
      continue;
    }
    const match = HEADER.exec(line);
    if (current?.keep) entries.push({ pid: current.pid, database: current.database, text: current.text });
    current = match ? { pid: Number(match[1]), database: match[2]!, text: match[3]!, keep: / LOG: /.test(line) } : null;
  }
  if (current?.keep) entries.push({ pid: current.pid, database: current.database, text: current.text });
  return entries;
}

export const isStatement = (entry: LogEntry) => /^(?:statement|execute [^:]*): /.test(entry.text);
export const isPlan = (entry: LogEntry) => /^duration: [\d.]+ ms\s+plan:/.test(entry.text);

/**
 * The gateway's publication-outbox dispatcher polls on a timer (EVENT_POLL_INTERVAL_MS,
 * 500 ms) through the same pool: BEGIN, a SELECT … FROM "PublicationEvent" … FOR UPDATE SKIP
 * LOCKED, COMMIT, and a look for due events. Those are not the page's: left out of the count,
 * with their plans, each BEGIN/COMMIT pair around them too (per backend, in log order).
 */
export function withoutBackground(entries: LogEntry[]): { kept: LogEntry[]; background: number } {
  const background = (entry: LogEntry) => /"PublicationEvent"/.test(entry.text);
  const isBegin = (entry: LogEntry) => /^(?:statement|execute [^:]*): BEGIN\b/i.test(entry.text);
  const isEnd = (entry: LogEntry) => /^(?:statement|execute [^:]*): (?:COMMIT|ROLLBACK)\b/i.test(entry.text);
  const drop = new Set<number>();
  const openBegin = new Map<number, number>();
  const inBackground = new Set<number>();
  entries.forEach((entry, i) => {
    if (isBegin(entry)) openBegin.set(entry.pid, i);
    else if (isEnd(entry)) {
      if (inBackground.has(entry.pid)) {
        drop.add(i);
        drop.add(openBegin.get(entry.pid)!);
      }
      openBegin.delete(entry.pid);
      inBackground.delete(entry.pid);
    } else if (background(entry)) {
      drop.add(i);
      if (openBegin.has(entry.pid)) inBackground.add(entry.pid);
    }
  });
  const kept = entries.filter((_, i) => !drop.has(i));
  return { kept, background: entries.filter((entry, i) => drop.has(i) && isStatement(entry)).length };
}

export interface StatementCount {
  statements: number;
  /** Statements of the gateway's background outbox polls, left out of `statements`. */
  background: number;
  /** A few of them, first words only, to see what they are. */
  examples: string[];
  /** The auto_explain plans logged meanwhile (statements inside functions included). */
  plans: string[];
}

/**
 * Runs `work` (some requests, one at a time) and counts the statements the counting
 * instance's backends logged meanwhile, and collects their plans.
 */
export async function countStatements(
  admin: pg.ClientBase,
  database: string,
  logFile: string,
  work: () => Promise<void>,
): Promise<StatementCount> {
  const pids = new Set(await countingBackends(admin, database));
  const offset = logSize(logFile);
  await work();
  for (const pid of await countingBackends(admin, database)) pids.add(pid);
  await sleep(300); // the log is written by the backends; give it a moment
  const { kept: mine, background } = withoutBackground(
    parseLog(readFrom(logFile, offset)).filter((entry) => entry.database === database && pids.has(entry.pid)),
  );
  const statements = mine.filter(isStatement);
  return {
    statements: statements.length,
    background,
    examples: statements.slice(0, 12).map((entry) => entry.text.replace(/^[^:]*: /, '').slice(0, 80)),
    plans: mine.filter(isPlan).map((entry) => entry.text),
  };
}

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
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

export const STATEMENT_LOG_APP = 'bench-statement-count';
export const statementLogEnv = { PGOPTIONS: '-c log_statement=all', PGAPPNAME: STATEMENT_LOG_APP };

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

export interface StatementCount {
  statements: number;
  /** A few of them, first words only, to see what they are. */
  examples: string[];
}

/**
 * Runs `work` (some requests, one at a time) and counts the statements the counting
 * instance's backends logged meanwhile.
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
  const lines = readFrom(logFile, offset).split('\n');
  let statements = 0;
  const examples: string[] = [];
  for (const line of lines) {
    const match = /\[(\d+)\] [^ ]*@([^ ]*) LOG:\s+(?:statement|execute [^:]*): (.*)$/.exec(line);
    if (!match || match[2] !== database || !pids.has(Number(match[1]))) continue;
    statements++;
    if (examples.length < 12) examples.push(match[3]!.slice(0, 80));
  }
  return { statements, examples };
}

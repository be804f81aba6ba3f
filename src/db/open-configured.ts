/**
 * The database the configuration names: DATABASE_URL's server, else the embedded folder.
 * The gateway and the command-line tools open it differently: a tool never runs under the
 * gateway's per-request statement timeout, and on the embedded database a tool goes through
 * the running gateway (src/db/embedded-socket.ts) rather than open the folder a second time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Config } from '../config.js';
import { currentHolder, DataDirInUseError, lockDataDir, type DataDirHolder } from './data-dir-lock.js';
import { openDatabase, type Database } from './database.js';
import { serveEmbeddedDatabase, socketUrl, type EmbeddedSocket } from './embedded-socket.js';

export const GATEWAY_COMMAND = 'npm start';
/** How long a tool waits for a gateway that is still starting (migrating, seeding the demo). */
const GATEWAY_START_WAIT_MS = 180_000;

export interface GatewayDatabase extends Database {
  /**
   * From now on, command-line tools reach this embedded database through a local socket
   * (called once start-up has migrated and seeded it); nothing to do on a server.
   */
  shareWithCommands(): Promise<void>;
}

function refusalForGateway(dataDir: string, holder: DataDirHolder): string {
  if (holder.kind === 'gateway')
    return `Another gateway (pid ${holder.pid}, since ${holder.since}) is serving the embedded database in ${dataDir}: stop it first, or give this one another DATA_DIR.`;
  return `${holder.command} (pid ${holder.pid}) is using the embedded database in ${dataDir}: start the gateway when it has finished.`;
}

/**
 * One connection and `SELECT 1`, before anything else talks to the server: an unreachable
 * server, a missing role or database or a wrong password fails here with node-postgres' own
 * error (its SQLSTATE tells them apart; src/cli/failures.ts says what to do), rather than deep
 * in the migration engine.
 */
async function checkServer(url: string, connectTimeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, query_timeout: connectTimeoutMs });
  // An error after connecting (the server going away meanwhile) is the query's to report.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/** The gateway's database; the embedded folder is locked for as long as it is open. */
export async function openConfiguredDatabase(config: Config): Promise<GatewayDatabase> {
  if (config.databaseUrl) {
    await checkServer(config.databaseUrl, config.database.connectTimeoutMs);
    const { statementTimeoutMs, queryTimeoutMs, connectTimeoutMs, poolSize, pooler } = config.database;
    const db = await openDatabase({
      url: config.databaseUrl,
      statementTimeoutMs,
      queryTimeoutMs,
      connectTimeoutMs,
      poolSize,
      options: config.databaseOptions,
      pooler,
    });
    return { ...db, shareWithCommands: async () => {} };
  }
  const lock = lockDataDir(config.dataDir, { kind: 'gateway', command: GATEWAY_COMMAND }, (holder) =>
    refusalForGateway(config.dataDir, holder),
  );
  let db: Database;
  try {
    db = await openDatabase({ dataDir: config.dataDir });
  } catch (error) {
    lock.release();
    throw error;
  }
  let socket: EmbeddedSocket | null = null;
  return {
    ...db,
    async shareWithCommands() {
      socket ??= await serveEmbeddedDatabase(db.pglite!);
      lock.announceSocket(socket.directory);
    },
    async close() {
      try {
        await socket?.close();
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

export interface CommandDatabase extends Database {
  /** Where the tool's work goes, for its messages: "embedded PGlite in …, through the running gateway (pid 123)". */
  description: string;
}

async function throughGateway(dataDir: string, holder: DataDirHolder): Promise<CommandDatabase> {
  const url = socketUrl(holder.socketDirectory!);
  // Ask once, to tell "busy" from "gone" in plain words; the socket takes one client at a time.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (error) {
    throw new DataDirInUseError(
      `The gateway (pid ${holder.pid}) is serving the embedded database in ${dataDir} but did not let this command in ` +
        `(${(error as Error).message.split('\n')[0]}): another command is probably using it; run this again when that has finished.`,
      holder,
    );
  } finally {
    await probe.end().catch(() => {});
  }
  const db = await openDatabase({ url, sharedSession: true });
  return { ...db, description: `embedded PGlite in ${dataDir}, through the running gateway (pid ${holder.pid})` };
}

/**
 * The database for a command-line tool `command` ("npm run seed"): no statement timeout of the
 * gateway's; on the embedded folder, the running gateway's database when one serves it, else
 * the folder itself, locked for the tool's run. A folder another tool is using is refused.
 */
export async function openCommandDatabase(
  config: Config,
  command: string,
  onWait: (message: string) => void = () => {},
): Promise<CommandDatabase> {
  if (config.databaseUrl) {
    // A tool waits no longer for a connection than the gateway does, but its statements run as long as they need.
    const db = await openDatabase({
      url: config.databaseUrl,
      connectTimeoutMs: config.database.connectTimeoutMs,
      options: config.databaseOptions,
      pooler: config.database.pooler,
    });
    return { ...db, description: describeDatabase(config) };
  }
  const dataDir = config.dataDir;
  const waitUntil = Date.now() + GATEWAY_START_WAIT_MS;
  let announcedWait = false;
  for (;;) {
    const holder = currentHolder(dataDir);
    if (holder?.kind === 'gateway' && holder.socketDirectory) return throughGateway(dataDir, holder);
    if (holder?.kind === 'gateway' && Date.now() < waitUntil) {
      if (!announcedWait) onWait(`The gateway (pid ${holder.pid}) is starting on ${dataDir}; waiting for it…`);
      announcedWait = true;
      await sleep(250);
      continue;
    }
    if (holder) {
      throw new DataDirInUseError(
        holder.kind === 'gateway'
          ? `The gateway (pid ${holder.pid}) has been starting on ${dataDir} for too long; run this again once it serves requests.`
          : `${holder.command} (pid ${holder.pid}) is using the embedded database in ${dataDir}: run this again when it has finished.`,
        holder,
      );
    }
    try {
      const lock = lockDataDir(dataDir, { kind: 'tool', command }, () => 'taken meanwhile');
      let db: Database;
      try {
        db = await openDatabase({ dataDir });
      } catch (error) {
        lock.release();
        throw error;
      }
      return {
        ...db,
        description: describeDatabase(config),
        async close() {
          try {
            await db.close();
          } finally {
            lock.release();
          }
        },
      };
    } catch (error) {
      // Someone took the folder between our look and our lock: look again.
      if (!(error instanceof DataDirInUseError)) throw error;
    }
  }
}

/** Where the data lives, for log lines; never prints a password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

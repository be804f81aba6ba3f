/**
 * Serves the gateway's embedded database to other processes on this machine, so that
 * `npm run create-editor`, `import`, `seed` and `migrate` work while `npm start` runs: they
 * connect to a Unix socket (in a private temporary folder) with the PostgreSQL wire protocol,
 * served by @electric-sql/pglite-socket, instead of opening the folder a second time.
 *
 * PGlite is a single backend, one session: what any client sends runs in it. pglite-socket
 * queues each client's messages one at a time, which is not enough on its own. Between two
 * messages of a client's exchange (Parse … Sync) or inside its transaction (BEGIN … COMMIT),
 * the gateway's own queries, which call PGlite directly, would run in the middle of them: in
 * the client's transaction, or between its Parse and its Bind. So the socket's side holds
 * PGlite's transaction lock (the one the gateway's queries and transactions take) from a
 * client's first message until its exchange is over, and over a whole transaction. It tells
 * pglite-socket's queue it is "in a transaction" meanwhile, so that no other socket client's
 * message gets in either. One client connects at a time (a tool's pool has one connection);
 * a second one is turned away, and the tool says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** The file name PostgreSQL clients look for in a socket folder (port 5432). */
export const SOCKET_FILE = '.s.PGSQL.5432';

/** A connection string that reaches the socket in `directory` (libpq and node-postgres alike). */
export function socketUrl(directory: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(directory)}`;
}

const PROTOCOL_VERSION_3 = 196608;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const TERMINATE = 0x58;

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'latin1');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

function isStartup(message: Uint8Array): boolean {
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return view.length >= 8 && view.readInt32BE(0) === view.length && view.readInt32BE(4) === PROTOCOL_VERSION_3;
}

/** A message after which the backend answers ReadyForQuery: the end of an exchange. */
function endsExchange(message: Uint8Array): boolean {
  return isStartup(message) || message[0] === 0x51 /* Q */ || message[0] === 0x53; /* S */
}

interface ExecOptions {
  syncToFs?: boolean;
  onRawData: (data: Uint8Array) => void;
}

/** PGlite as the socket server sees it: the gate below decides when the gateway may run. */
class SessionGate {
  private release: (() => void) | null = null;
  private exchangeOver = true;

  constructor(private readonly pglite: PGlite) {}

  get held(): boolean {
    return this.release !== null;
  }

  /** PGlite's own transaction lock: the gateway's queries wait while the socket side holds it. */
  private async hold(): Promise<void> {
    if (this.release) return;
    await new Promise<void>((acquired) => {
      void this.pglite._runExclusiveTransaction(
        () =>
          new Promise<void>((done) => {
            this.release = () => {
              this.release = null;
              done();
            };
            acquired();
          }),
      );
    });
  }

  private letGo(): void {
    if (this.exchangeOver && !this.pglite.isInTransaction()) this.release?.();
  }

  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.hold();
    try {
      return await this.pglite.runExclusive(work);
    } finally {
      this.letGo();
    }
  }

  async execProtocolRawStream(message: Uint8Array, options: ExecOptions): Promise<void> {
    if (message[0] === TERMINATE && !isStartup(message)) {
      // PGlite ignores Terminate; the client is leaving, so end what it left open.
      await this.endSession();
      return;
    }
    await this.pglite.execProtocolRawStream(message, options);
    this.exchangeOver = endsExchange(message);
  }

  /** Called (through `exec('ROLLBACK')`) when a client vanished with its session still held. */
  async abandon(): Promise<void> {
    if (!this.held) return;
    await this.pglite.runExclusive(async () => {
      // A message in flight may have ended the session meanwhile: then it is the gateway's again.
      if (this.held) await this.endSession();
    });
    this.letGo();
  }

  private async endSession(): Promise<void> {
    // Sync ends a half-sent exchange (and clears an error state); then roll back its transaction.
    await this.pglite.execProtocolRaw(SYNC);
    if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(simpleQuery('ROLLBACK'));
    this.exchangeOver = true;
  }
}

export interface EmbeddedSocket {
  /** The private folder holding the socket file. */
  directory: string;
  close(): Promise<void>;
}

export async function serveEmbeddedDatabase(pglite: PGlite): Promise<EmbeddedSocket> {
  // A folder only this user can enter: PGlite has no passwords, the folder's mode is the guard.
  const directory = mkdtempSync(path.join(tmpdir(), 'news-gateway-'));
  const gate = new SessionGate(pglite);
  const db = {
    waitReady: pglite.waitReady,
    isInTransaction: () => gate.held,
    runExclusive: <T>(work: () => Promise<T>) => gate.runExclusive(work),
    execProtocolRawStream: (message: Uint8Array, options: ExecOptions) => gate.execProtocolRawStream(message, options),
    exec: () => gate.abandon(),
  } as unknown as PGlite;
  const server = new PGLiteSocketServer({ db, path: path.join(directory, SOCKET_FILE), maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    directory,
    async close() {
      await server.stop();
      await gate.abandon();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

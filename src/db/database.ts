/**
 * One PrismaClient, over either a PostgreSQL server (pg) or the embedded PGlite.
 * Both speak PostgreSQL, so the schema, the migrations and every query are the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { DropOnTimeoutClient } from './pg-client.js';

/** The gateway's PrismaClient (over pg or PGlite). */
export type DatabaseClient = ReturnType<typeof createPrismaClient>;

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: DatabaseClient;
  /** The same connection as a driver-adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Called with every SQL statement the client sends; returns an unsubscribe function. */
  onStatement(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
  /** The embedded engine itself (null on a server), for serving it to other processes. */
  pglite: PGlite | null;
}

export type DatabaseLocation =
  | {
      url: string;
      /** Server-side limit per statement; 0 or absent for none. */
      statementTimeoutMs?: number;
      /** Connection settings (Config.databaseOptions, from PGOPTIONS). */
      options?: string | null;
      /**
       * Client-side limit per statement: the answer is given up and the connection dropped (a
       * frozen server cancels nothing by itself); absent for none, as the tools have.
       */
      queryTimeoutMs?: number;
      /** How long to wait for a connection, from the pool or a new one; absent for pg's default (forever). */
      connectTimeoutMs?: number;
      /** The pool's size; absent for pg's default (10). */
      poolSize?: number;
      /**
       * The server is one shared session (the embedded database through the gateway's socket,
       * src/db/embedded-socket.ts): one connection, and unnamed statements, since a named one
       * would outlive this process in that session and collide with the next one's.
       */
      sharedSession?: boolean;
      /**
       * PgBouncer in transaction pooling mode between us and the server (DATABASE_POOLER): each
       * transaction may run on another server connection, so a statement prepared on one is
       * unknown on the next (PgBouncer 1.18 does not track them), and PgBouncer refuses the
       * `options` startup parameter. Statements stay unnamed and nothing is set at connect:
       * statement_timeout and jit come from the role's defaults instead (README, "Behind
       * PgBouncer"), and queryTimeoutMs still bounds every statement on our side.
       */
      pooler?: 'pgbouncer' | null;
    }
  | { dataDir: string | null };

/** A PrismaClient over `adapter` that reports every statement (also the read replicas' reader, src/db/replicas.ts). */
export function createPrismaClient(adapter: SqlMigrationAwareDriverAdapterFactory) {
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
}

/**
 * Named prepared statements: each connection parses a statement once, and PostgreSQL can
 * keep its plan, instead of parsing and planning every statement of every request (Prisma's
 * queries for a page of articles take longer to plan than to run). The name is a hash of
 * the SQL text, so a name always means the same text; statements differ by shape only (the
 * values are parameters), so each connection holds a bounded set.
 */
const statementNames = new Map<string, string>();
/**
 * A statement whose best plan depends on its parameters' values starts with this comment and
 * stays unnamed ('' is pg's unnamed statement), so PostgreSQL plans it with the values every
 * time instead of settling on a generic plan after five executions. Search is one: which of
 * the query's words are rare decides the whole plan (src/db/search.ts).
 */
export const PLAN_WITH_VALUES = '/* plan with values */';
function preparedStatementName({ sql }: { sql: string }): string {
  if (sql.startsWith(PLAN_WITH_VALUES)) return '';
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `p${createHash('sha1').update(sql).digest('hex')}`;
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return name;
}

type ScriptRunner = (adapter: SqlDriverAdapter) => (script: string) => Promise<void>;

/**
 * The schema engine runs each migration through the adapter's `executeScript`. The pg
 * adapter's splits the script on every ";", which breaks PL/pgSQL function bodies, and the
 * PGlite adapter's does not wait for the script or report its errors. Both are replaced by
 * the driver's own multi-statement execution, which also runs a migration as one implicit
 * transaction: it applies whole or not at all.
 */
function withWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory, runScript: ScriptRunner) {
  const patch = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    return new Proxy(adapter, {
      get(target, property) {
        if (property === 'executeScript') return runScript(target);
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => patch(factory.connect()),
    connectToShadowDb: () => patch(factory.connectToShadowDb()),
  };
  return wrapped;
}

/**
 * Opens a database. `{ url }` is a PostgreSQL server; `{ dataDir }` is PGlite in that folder,
 * or in memory when `dataDir` is null (tests).
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver: () => Promise<void>;
  let kind: Database['kind'];
  let embedded: PGlite | null = null;

  if ('url' in location) {
    kind = 'postgres';
    const pooled = location.pooler === 'pgbouncer';
    const startupParameters = pooled
      ? {}
      : {
          // No JIT compilation: the gateway's statements run in milliseconds, and one whose
          // estimated cost passes jit_above_cost (the search statement at a million articles)
          // spent 50–150 ms compiling expressions to run in 20 (BENCHMARKS.md, "Search at 1M").
          // Added to PGOPTIONS (Config.databaseOptions; pg would read the variable itself, but an
          // explicit `options` replaces it); a DATABASE_URL that sets `options` takes precedence.
          options: [location.options, '-c jit=off'].filter(Boolean).join(' '),
          ...(location.statementTimeoutMs ? { statement_timeout: location.statementTimeoutMs } : {}),
        };
    adapterFactory = withWholeScripts(
      new PrismaPg(
        {
          connectionString: location.url,
          ...startupParameters,
          // A connection whose statement timed out is closed, never reused (src/db/pg-client.ts).
          ...(location.queryTimeoutMs ? { query_timeout: location.queryTimeoutMs, Client: DropOnTimeoutClient } : {}),
          // pg-pool uses the same bound for a request waiting for a free connection and for a new
          // connection's handshake: either way, the request waits no longer than this.
          ...(location.connectTimeoutMs ? { connectionTimeoutMillis: location.connectTimeoutMs } : {}),
          // A connection the server dropped (restart, failover) or a frozen one's: TCP keepalive
          // lets the kernel notice a dead peer even while the pool holds the connection idle.
          keepAlive: true,
          ...(location.poolSize ? { max: location.poolSize } : {}),
          ...(location.sharedSession ? { max: 1 } : {}),
        },
        location.sharedSession || pooled ? {} : { statementNameGenerator: preparedStatementName },
      ),
      (adapter) => async (script) => {
        // Without parameters, pg sends the simple query protocol: many statements in one go, as
        // one implicit transaction. SET LOCAL lifts the request timeout for that transaction
        // only: a migration's backfill must not be cancelled halfway by STATEMENT_TIMEOUT_MS.
        await (adapter as unknown as { underlyingDriver(): pg.Pool })
          .underlyingDriver()
          .query(`SET LOCAL statement_timeout = 0;\n${script}`);
      },
    );
    closeDriver = async () => {};
  } else {
    kind = 'pglite';
    if (location.dataDir) mkdirSync(location.dataDir, { recursive: true });
    // Contrib extensions are separate bundles in PGlite: load the ones the migrations create
    // (unaccent, for Vietnamese search). A server has them from the postgresql-contrib package.
    const pglite = await PGlite.create({ dataDir: location.dataDir ?? undefined, extensions: { unaccent } });
    adapterFactory = withWholeScripts(new PrismaPGlite(pglite), () => async (script) => {
      await pglite.exec(script);
    });
    closeDriver = () => pglite.close();
    embedded = pglite;
  }

  const prisma = createPrismaClient(adapterFactory);
  const listeners = new Set<(sql: string) => void>();
  prisma.$on('query', (event) => {
    for (const listener of listeners) listener(event.query);
  });

  return {
    kind,
    prisma,
    adapterFactory,
    pglite: embedded,
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

/**
 * Read replicas (DATABASE_REPLICA_URLS): a second PrismaClient, `reader`, for readers' queries,
 * whose driver adapter sends each read statement to a PostgreSQL streaming replica that may
 * serve it, and everything else to the primary. Editors, mutations, subscriptions, the outbox
 * and its dispatcher keep the primary's client (src/server/yoga.ts decides who gets which).
 *
 * Why a routing driver adapter rather than `@prisma/extension-read-replicas`: the extension
 * routes by Prisma operation name (every `$queryRaw` to a replica, though the outbox claims
 * events with `UPDATE … RETURNING` through it), picks a replica at random with no idea of its
 * health or lag, and returns an extended client whose type is not the one the schema's
 * resolvers are written against. Routing below the client keeps the client type, sends only
 * plain reads (`queryRaw` outside a transaction) to a replica, and decides per statement from
 * what the checks below know.
 *
 * Replication lag must never re-cache stale content. Every publication event carries the
 * primary's WAL position taken before its purge (src/events/dispatcher.ts); `requireReplay`
 * raises the position a replica must have replayed before it serves reads again, and this
 * happens before the purge, in every process (the fan-out carries the position). Until a
 * check has seen the replica's `pg_last_wal_replay_lsn()` pass it, reads go to the primary,
 * so a read after a purge never refills the cache from a replica that still has the old
 * version. The known replay position is a lower bound (replay only moves forward), so a
 * stale check errs towards the primary, never towards stale content.
 *
 * A replica is skipped while its last check failed, while it is further behind than
 * DATABASE_REPLICA_MAX_LAG_MS, or when it is not in recovery (promoted, or not a replica).
 * A read that fails on a replica for any reason but the statement itself (connection
 * refused or closed, timed out, cancelled by a recovery conflict) is run again on the
 * primary and the replica marked down until its next good check: a replica going away loses
 * no reader's request. Replica connections have the primary's bounds (statement, query and
 * connect timeouts, pool size).
 */
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import type { Config } from '../config.js';
import { formatLsn, lagMs, parseLsn, pruneSamples, type PrimarySample } from '../domain/replica-lag.js';
import { createPrismaClient, openDatabase, type Database, type DatabaseClient } from './database.js';

export interface ReplicaState {
  /** host:port/database: never the user or password. */
  name: string;
  /** The last check answered (and no read failed since). */
  up: boolean;
  /** pg_last_wal_replay_lsn() at the last check. */
  replayLsn: string | null;
  /** How long ago the primary was at a position this replica had not replayed (src/domain/replica-lag.ts). */
  lagMs: number | null;
  /** Serving readers right now: up, within the maximum lag, and every dispatched event replayed. */
  serving: boolean;
  /** Why not, when it is not. */
  detail: string | null;
}

export interface ReadReplicas {
  /** The client for readers' queries (each read statement to a replica that may serve it, else the primary). */
  readonly reader: DatabaseClient;
  /**
   * Before a publication event's purge: replicas serve again only once they have replayed
   * `lsn`. Without one (an event read back from the outbox), the primary's position at the
   * next check stands in, and replicas serve nothing until then.
   */
  requireReplay(lsn: string | null | undefined): void;
  /** The primary's WAL position now: past the commit of every event visible to the caller. */
  primaryLsn(): Promise<string>;
  /** One round of checks (the primary's position, then every replica); start() repeats it. */
  check(): Promise<void>;
  states(): ReplicaState[];
  /** Statements sent through `reader`, by where they ran: `primary` or a replica's name. */
  statementCounts(): Map<string, number>;
  /** Called with every SQL statement `reader` sends; returns an unsubscribe function. */
  onStatement(listener: (sql: string) => void): () => void;
  start(): void;
  close(): Promise<void>;
}

interface Replica {
  name: string;
  /** Its own connections, for checks, so that a check never queues behind readers' statements. */
  db: Database;
  /** The adapter readers' statements go through, once the reader client has connected. */
  adapter: SqlDriverAdapter | null;
  up: boolean;
  replayed: bigint | null;
  lag: number | null;
  detail: string | null;
  checking: boolean;
}

/**
 * Errors the statement itself caused (bad data, a constraint, a statement timeout) fail the
 * same way on the primary; anything else (the replica unreachable, gone, frozen, in conflict
 * with recovery, or a write that reached it) is worth one try there.
 */
function worthRetryingOnPrimary(error: unknown): boolean {
  const cause = (error as { name?: string; cause?: { originalCode?: string; code?: string } }).cause;
  if ((error as { name?: string }).name !== 'DriverAdapterError' || !cause) return true;
  const code = cause.originalCode ?? cause.code ?? '';
  return !(code.startsWith('22') || code.startsWith('23') || code === '57014');
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error));

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/** Opens the configured replicas (nothing connects until the first statement or check). */
export async function openReadReplicas(config: Config, primary: Database): Promise<ReadReplicas> {
  const { statementTimeoutMs, queryTimeoutMs, connectTimeoutMs, poolSize, pooler } = config.database;
  const { checkIntervalMs, maxLagMs } = config.replicas;
  const bounds = { statementTimeoutMs, queryTimeoutMs, connectTimeoutMs, poolSize, options: config.databaseOptions, pooler };
  const replicas: Replica[] = [];
  for (const url of config.databaseReplicaUrls)
    replicas.push({
      name: describeUrl(url),
      db: await openDatabase({ url, ...bounds, poolSize: 1 }),
      adapter: null,
      up: false,
      replayed: null,
      lag: null,
      detail: 'not checked yet',
      checking: false,
    });
  const readerUrls = config.databaseReplicaUrls;

  let samples: PrimarySample[] = [];
  /** The position every replica must have replayed to serve (the newest dispatched event's). */
  let required = 0n;
  /** requireReplay(undefined) calls so far, and how many of them a primary sample has answered. */
  let unknownRequired = 0;
  let answeredRequired = 0;
  let next = 0;
  const counts = new Map<string, number>();
  const count = (where: string) => counts.set(where, (counts.get(where) ?? 0) + 1);

  const whyNot = (replica: Replica): string | null => {
    if (!replica.up || replica.replayed === null || replica.lag === null) return replica.detail ?? 'down';
    if (replica.lag > maxLagMs) return `${replica.lag} ms behind the primary (DATABASE_REPLICA_MAX_LAG_MS ${maxLagMs})`;
    if (unknownRequired > answeredRequired) return 'waiting for the primary position of a publication event';
    if (replica.replayed < required) return `has not replayed the newest publication event (${formatLsn(required)}) yet`;
    return null;
  };

  /** The replica for the next read, round robin among those that may serve; null for the primary. */
  function pick(): Replica | null {
    for (let tries = 0; tries < replicas.length; tries++) {
      const replica = replicas[next++ % replicas.length]!;
      if (replica.adapter && whyNot(replica) === null) return replica;
    }
    return null;
  }

  const readerFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      const primaryAdapter = await primary.adapterFactory.connect();
      // Each replica's own adapter, with the primary's bounds: the same factory openDatabase builds.
      const opened = await Promise.all(readerUrls.map(async (url) => (await openDatabase({ url, ...bounds })).adapterFactory.connect()));
      opened.forEach((adapter, index) => (replicas[index]!.adapter = adapter));
      return routingAdapter(primaryAdapter, opened);
    },
    connectToShadowDb() {
      throw new Error('the reader client never migrates');
    },
  };

  function routingAdapter(primaryAdapter: SqlDriverAdapter, replicaAdapters: SqlDriverAdapter[]): SqlDriverAdapter {
    const onPrimary = (query: SqlQuery) => {
      count('primary');
      return primaryAdapter.queryRaw(query);
    };
    return {
      provider: primaryAdapter.provider,
      adapterName: primaryAdapter.adapterName,
      async queryRaw(query) {
        const replica = pick();
        if (!replica) return onPrimary(query);
        try {
          const result = await replica.adapter!.queryRaw(query);
          count(replica.name);
          return result;
        } catch (error) {
          if (!worthRetryingOnPrimary(error)) throw error;
          replica.up = false;
          replica.detail = `a read failed: ${firstLine(error)}`;
          return onPrimary(query);
        }
      },
      // Writes, scripts and transactions (a read inside one may be followed by a write) never leave the primary.
      executeRaw: (query) => primaryAdapter.executeRaw(query),
      executeScript: (script) => primaryAdapter.executeScript(script),
      startTransaction: (isolation) => primaryAdapter.startTransaction(isolation),
      getConnectionInfo: () => primaryAdapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
      async dispose() {
        await Promise.all([primaryAdapter, ...replicaAdapters].map((adapter) => adapter.dispose().catch(() => {})));
      },
    };
  }

  const reader = createPrismaClient(readerFactory);
  const listeners = new Set<(sql: string) => void>();
  reader.$on('query', (event) => {
    for (const listener of listeners) listener(event.query);
  });

  async function primaryLsn(): Promise<string> {
    const [row] = await primary.prisma.$queryRawUnsafe<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn');
    return row!.lsn;
  }

  async function checkReplica(replica: Replica, now: number): Promise<void> {
    if (replica.checking) return;
    replica.checking = true;
    try {
      const [row] = await replica.db.prisma.$queryRawUnsafe<{ recovery: boolean; replayed: string | null }[]>(
        'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed',
      );
      const replayed = parseLsn(row?.replayed);
      if (!row?.recovery || replayed === null) {
        Object.assign(replica, { up: false, replayed: null, lag: null, detail: 'not a streaming replica (not in recovery)' });
        return;
      }
      Object.assign(replica, { up: true, replayed, lag: lagMs(samples, replayed, now), detail: null });
    } catch (error) {
      Object.assign(replica, { up: false, lag: null, detail: firstLine(error) });
    } finally {
      replica.checking = false;
    }
  }

  async function check(): Promise<void> {
    const asked = unknownRequired;
    const now = Date.now();
    try {
      const lsn = parseLsn(await primaryLsn());
      if (lsn !== null) {
        samples.push({ at: now, lsn });
        // This position was taken after every requireReplay(undefined) counted in `asked`.
        if (asked > answeredRequired) {
          if (lsn > required) required = lsn;
          answeredRequired = asked;
        }
      }
    } catch {
      // The primary is away: lags cannot be measured; replicas keep their last known state.
    }
    await Promise.all(replicas.map((replica) => checkReplica(replica, now)));
    const replayed = replicas.map((replica) => replica.replayed).filter((lsn): lsn is bigint => lsn !== null);
    const slowest = replayed.length === replicas.length ? replayed.reduce((a, b) => (a < b ? a : b)) : null;
    samples = pruneSamples(samples, slowest, now, 2 * maxLagMs + 10 * checkIntervalMs);
  }

  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void check().finally(schedule), checkIntervalMs);
    timer.unref();
  };

  return {
    reader,
    requireReplay(lsn) {
      const position = parseLsn(lsn);
      if (position === null) unknownRequired += 1;
      else if (position > required) required = position;
    },
    primaryLsn,
    check,
    states: () =>
      replicas.map((replica) => {
        const detail = whyNot(replica);
        return {
          name: replica.name,
          up: replica.up,
          replayLsn: replica.replayed === null ? null : formatLsn(replica.replayed),
          lagMs: replica.lag,
          serving: detail === null,
          detail,
        };
      }),
    statementCounts: () => new Map(counts),
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      closed = false;
      void check().finally(schedule);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await reader.$disconnect();
      await Promise.all(replicas.map((replica) => replica.db.close()));
    },
  };
}

/**
 * The probes. /healthz is liveness: the process is up and its event loop turns (200, no
 * dependency is asked), so an orchestrator restarts only a process that is truly stuck.
 * /readyz is readiness: this replica can serve reads — the database answers within
 * READINESS_TIMEOUT_MS and every migration is applied. Redis is reported but does not decide:
 * without it the gateway still serves (memory cache, per-process limits), and a Redis outage
 * shared by every replica must not take them all out of the load balancer at once. Read
 * replicas (DATABASE_REPLICA_URLS) are reported the same way, with their lag: readers fall back
 * to the primary without them (src/db/replicas.ts). While the
 * process drains on SIGTERM, /readyz answers 503 (src/server/http.ts).
 */
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import type { ReadReplicas } from '../db/replicas.js';
import { pendingMigrations, readMigrations } from '../db/migrations.js';
import { pathOf } from './logging.js';

interface Check {
  ok: boolean;
  detail?: string;
}

/** Dependencies the replica can serve without: reported, not deciding. */
const OPTIONAL = new Set(['redis']);
const optional = (name: string) => OPTIONAL.has(name) || name.startsWith('replica ');

const withTimeout = <T>(work: Promise<T>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
};

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : 'unreachable');

export function healthPlugin(db: Database, redis: Redis | null, readinessTimeoutMs = 2000, replicas: ReadReplicas | null = null): Plugin {
  const migrations = readMigrations();

  async function checkDatabase(): Promise<Record<string, Check>> {
    try {
      const pending = await withTimeout(pendingMigrations(db.prisma, migrations), readinessTimeoutMs);
      return {
        database: { ok: true },
        migrations: pending.length === 0 ? { ok: true } : { ok: false, detail: `pending: ${pending.join(', ')}` },
      };
    } catch (error) {
      return { database: { ok: false, detail: firstLine(error) } };
    }
  }

  async function checkRedis(): Promise<Record<string, Check>> {
    if (!redis) return {};
    try {
      await withTimeout(redis.ping(), readinessTimeoutMs);
      return { redis: { ok: true } };
    } catch (error) {
      return { redis: { ok: false, detail: `${firstLine(error)}; serving without it` } };
    }
  }

  /** What the replicas' own checks last saw (every interval, each bounded by the database timeouts). */
  function replicaChecks(): Record<string, Check & { lagMs?: number | null; replayLsn?: string | null }> {
    const checks: Record<string, Check & { lagMs?: number | null; replayLsn?: string | null }> = {};
    for (const state of replicas?.states() ?? [])
      checks[`replica ${state.name}`] = {
        ok: state.serving,
        lagMs: state.lagMs,
        replayLsn: state.replayLsn,
        ...(state.detail ? { detail: `${state.detail}; readers use the primary` } : {}),
      };
    return checks;
  }

  return {
    // Not async: every other request passes through here, and leaves without a promise.
    onRequest({ request, endResponse, fetchAPI }) {
      const path = pathOf(request.url);
      const reply = (status: number, body: object) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          }),
        );
      if (path === '/healthz') return reply(200, { status: 'ok' });
      if (path !== '/readyz') return;
      return Promise.all([checkDatabase(), checkRedis()]).then(([database, redisCheck]) => {
        const checks = { ...database, ...redisCheck, ...replicaChecks() };
        const ready = Object.entries(checks).every(([name, check]) => check.ok || optional(name));
        const degraded = Object.values(checks).some((check) => !check.ok);
        reply(ready ? 200 : 503, { status: ready ? (degraded ? 'degraded' : 'ready') : 'unavailable', checks });
      });
    },
  };
}

/**
 * /healthz: the process is up. /readyz: it can serve — the database answers, every migration
 * is applied, and Redis answers when configured. A load balancer sends traffic only on 200.
 */
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import { readMigrations } from '../db/migrations.js';

interface Check {
  ok: boolean;
  detail?: string;
}

const withTimeout = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export function healthPlugin(db: Database, redis: Redis | null): Plugin {
  const expected = readMigrations().migrationDirectories.map((dir) => dir.path);

  async function checkDatabase(): Promise<Record<string, Check>> {
    try {
      const rows = await withTimeout(
        db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        ),
        2000,
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = expected.filter((name) => !applied.has(name));
      return {
        database: { ok: true },
        migrations: pending.length === 0 ? { ok: true } : { ok: false, detail: `pending: ${pending.join(', ')}` },
      };
    } catch (error) {
      return { database: { ok: false, detail: error instanceof Error ? error.message.split('\n')[0] : 'unreachable' } };
    }
  }

  async function checkRedis(): Promise<Record<string, Check>> {
    if (!redis) return {};
    try {
      await withTimeout(redis.ping(), 1000);
      return { redis: { ok: true } };
    } catch (error) {
      return { redis: { ok: false, detail: error instanceof Error ? error.message : 'unreachable' } };
    }
  }

  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const path = new URL(request.url).pathname;
      const reply = (status: number, body: object) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          }),
        );
      if (path === '/healthz') return reply(200, { status: 'ok' });
      if (path !== '/readyz') return;
      const checks = { ...(await checkDatabase()), ...(await checkRedis()) };
      const ready = Object.values(checks).every((check) => check.ok);
      return reply(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks });
    },
  };
}

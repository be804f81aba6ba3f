/**
 * How long the tests wait for things a busy machine makes slow (a server starting, a purge
 * travelling through Redis, a child process). These are bounds for polling, never sleeps: a
 * test waits only as long as the thing takes, and gives up at the bound. They are generous, so
 * that a 2-core machine at load 10 still passes, and all scale with TEST_TIMEOUT_SCALE
 * (e.g. 3 on a very slow CI runner); vitest.config.ts scales its test and hook timeouts alike.
 */
export const timeoutScale = Math.max(1, Number(process.env.TEST_TIMEOUT_SCALE) || 1);

export function bound(ms: number): number {
  return Math.round(ms * timeoutScale);
}

/** A gateway process starting: migrations and, on a fresh embedded database, the demo seed. */
export const SERVER_START_MS = Number(process.env.TEST_SERVER_START_TIMEOUT_MS) || bound(300_000);
/** Something another process or Redis does for us (a purge, an event, a log line). */
export const EVENTUALLY_MS = bound(30_000);
/** A command-line tool run to completion. */
export const COMMAND_MS = bound(240_000);

/** Polls `check` until it stops throwing, or throws its last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = EVENTUALLY_MS, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/**
 * A TCP port the OS says is free on loopback, for a process that must be told its port
 * (`redis-server --port`, `pg_ctl -o "-p …"`). Servers of our own listen on port 0 instead.
 * The engines module's (the stack and the tests start engines alike).
 */
export { freePort } from '../../scripts/stack/engines.js';

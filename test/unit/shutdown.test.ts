import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createShutdown } from '../../src/server/shutdown.js';

/** Runs a shutdown to its first exit, with the signal handler called directly and exit recorded. */
async function runShutdown(
  timeoutMs: number,
  drain: (ms: number) => Promise<void>,
  closers: { name: string; close(): Promise<unknown> }[],
) {
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => (exited = resolve));
  // The real process.exit never returns; the first call is the one that counts.
  const shutdown = createShutdown(pino({ level: 'silent' }), timeoutMs, ((code: number) => exited(code)) as (code: number) => never);
  for (const closer of closers) shutdown.onShutdown(closer);
  const before = { SIGTERM: new Set(process.listeners('SIGTERM')), SIGINT: new Set(process.listeners('SIGINT')) };
  shutdown.listen(drain);
  const added = (signal: 'SIGTERM' | 'SIGINT') => process.listeners(signal).filter((listener) => !before[signal].has(listener));
  const [handler] = added('SIGTERM');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) for (const listener of added(signal)) process.removeListener(signal, listener);
  handler!('SIGTERM');
  return exit;
}

describe('createShutdown', () => {
  it('drains HTTP first, then runs the closers in the order registered, and exits 0', async () => {
    const order: string[] = [];
    let drainBound = -1;
    const code = await runShutdown(
      10_000,
      async (ms) => {
        drainBound = ms;
        order.push('http');
      },
      ['outbox dispatcher', 'Redis', 'database'].map((name) => ({ name, close: async () => void order.push(name) })),
    );
    expect(code).toBe(0);
    expect(order).toEqual(['http', 'outbox dispatcher', 'Redis', 'database']);
    // Part of the bound is kept for the closers.
    expect(drainBound).toBeGreaterThan(0);
    expect(drainBound).toBeLessThan(10_000);
  });

  it('a failing closer does not stop the others', async () => {
    const closed: string[] = [];
    const code = await runShutdown(10_000, async () => {}, [
      { name: 'broken', close: async () => Promise.reject(new Error('nope')) },
      { name: 'database', close: async () => void closed.push('database') },
    ]);
    expect(code).toBe(0);
    expect(closed).toEqual(['database']);
  });

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when something hangs', async () => {
    const code = await runShutdown(200, async () => {}, [{ name: 'stuck', close: () => new Promise(() => {}) }]);
    expect(code).toBe(1);
  });
});

/**
 * Stopping on SIGTERM or SIGINT within SHUTDOWN_TIMEOUT_MS: first the HTTP server drains
 * (src/server/http.ts: no request lost), then each registered closer runs, in the order
 * registered — whatever produces work before what it needs (an outbox dispatcher before the
 * database it reads; the gateway's plugins before the Redis connection they share).
 */
import type { Logger } from 'pino';

export interface Closer {
  /** For the log: "database", "outbox dispatcher". */
  name: string;
  close(): Promise<unknown>;
}

export interface Shutdown {
  /** Adds a closer, run after the closers registered before it. */
  onShutdown(closer: Closer): void;
  /** Installs the signal handlers; `drain` stops the HTTP server, given until when it may take. */
  listen(drain: (timeoutMs: number) => Promise<void>): void;
}

/** Time kept for the closers out of the whole bound (a few connections and pools to end). */
const CLOSERS_SHARE = 0.2;
const CLOSERS_MAX_MS = 3000;

export function createShutdown(logger: Logger, timeoutMs: number, exit: (code: number) => never = process.exit): Shutdown {
  const closers: Closer[] = [];
  let stopping = false;

  async function stop(signal: string, drain: (timeoutMs: number) => Promise<void>) {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + timeoutMs;
    // Past the bound, whatever still hangs is abandoned: the process exits regardless.
    setTimeout(() => {
      logger.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); exiting anyway`);
      logger.flush();
      exit(1);
    }, timeoutMs).unref();
    const closersReserve = Math.min(CLOSERS_MAX_MS, Math.round(timeoutMs * CLOSERS_SHARE));
    logger.info(`${signal}: no new connections; finishing requests in flight (up to ${timeoutMs - closersReserve} ms)`);
    await drain(Math.max(0, deadline - closersReserve - Date.now()));
    for (const closer of closers) {
      try {
        await closer.close();
      } catch (error) {
        logger.warn({ err: error }, `closing the ${closer.name} failed`);
      }
    }
    logger.info('stopped');
    logger.flush();
    exit(0);
  }

  return {
    onShutdown(closer) {
      closers.push(closer);
    },
    listen(drain) {
      process.on('SIGINT', () => void stop('SIGINT', drain));
      process.on('SIGTERM', () => void stop('SIGTERM', drain));
    },
  };
}

/**
 * The pool's connections: node-postgres' Client, except that a connection whose statement ran
 * past DATABASE_QUERY_TIMEOUT_MS is closed rather than reused.
 *
 * When node-postgres gives up on an answer (query_timeout) it reports the error but keeps the
 * connection, and the statement may still be running on the server. Inside a transaction that
 * is fatal: Prisma's ROLLBACK queues behind the stuck statement and times out too, the
 * connection goes back to the pool still inside the transaction, and the next requests' writes
 * on it join that transaction and are never committed (they report success and vanish). A
 * connection in an unknown state is therefore ended (`end()` cuts the socket of a connection
 * with a statement in flight), and the pool drops it on release; the server rolls back
 * whatever the connection had open.
 */
import pg from 'pg';

const QUERY_TIMED_OUT = 'Query read timeout';

type Callback = (error: Error | null, result?: unknown) => void;

export class DropOnTimeoutClient extends pg.Client {
  private dropIfTimedOut(error: unknown): void {
    if (error instanceof Error && error.message === QUERY_TIMED_OUT) void this.end().catch(() => {});
  }

  // node-postgres' query() has many overloads (callback or promise, config or text, submittables);
  // this passes every form through and only looks at the error.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as Callback;
      args[last] = (error: Error | null, result?: unknown) => {
        this.dropIfTimedOut(error);
        callback(error, result);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) return result.catch((error: unknown) => (this.dropIfTimedOut(error), Promise.reject(error)));
    return result;
  }
}

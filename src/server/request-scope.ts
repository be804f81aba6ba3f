/**
 * What the server knows about the request being handled, wherever in its async call tree
 * the code runs: its id (for logs and error reports), its operation, and how many SQL
 * statements it has sent so far.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  statements: number;
  /** The `extensions.code` of each error the response carries, for the request's log line. */
  errorCodes?: string[];
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** A caller's X-Request-Id is kept when it is a sane token, so traces join up across services. */
export function newRequestScope(incomingId: string | string[] | undefined): RequestScope {
  const given = typeof incomingId === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(incomingId) ? incomingId : null;
  return { requestId: given ?? randomUUID(), startedAt: performance.now(), operationName: null, statements: 0 };
}

/** Counts a statement against the current request, if there is one. */
export function countStatement(): void {
  const scope = requestScope.getStore();
  if (scope) scope.statements += 1;
}

/**
 * Which database failures are the database's fault rather than the request's: a statement that
 * ran out of time, and a server that cannot be reached. Both come in three shapes: a SQLSTATE
 * under Prisma's driver-adapter wrapping, a socket error the adapter converted, and node-postgres'
 * own errors for the bounds the gateway sets (DATABASE_QUERY_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS),
 * which carry nothing but their message.
 */

export type DatabaseFault = 'timeout' | 'unavailable';

interface DriverFault {
  code?: string;
  kind?: string;
}

/** The driver's own error under Prisma's wrapping, if this is a database failure. */
function driverFault(error: unknown): DriverFault | null {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const meta = (current as { meta?: { driverAdapterError?: { cause?: DriverFault } } }).meta;
    if (meta?.driverAdapterError?.cause) return meta.driverAdapterError.cause;
    const cause = (current as { cause?: DriverFault }).cause;
    if (cause && typeof cause === 'object' && ('kind' in cause || 'originalCode' in cause)) return cause;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return null;
}

const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);

/**
 * node-postgres' messages. "Query read timeout": no answer within query_timeout (the connection
 * is then dropped). "timeout exceeded when trying to connect": every pooled connection stayed
 * busy for connectionTimeoutMillis. "…due to connection timeout": a new connection's handshake
 * got no answer (a frozen or partitioned server).
 */
const TIMED_OUT = /Query read timeout|timeout exceeded when trying to connect/;
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|Connection terminated|Can't reach database|Connection closed/i;

function messages(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    if (current instanceof Error) parts.push(current.message);
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/**
 * 57014: the statement timeout fired. 08…: connection failures; 57P0…: the server is shutting
 * down or restarting; 53300: too many connections; 3D000: the database is gone.
 */
export function classifyDatabaseFault(error: unknown): DatabaseFault | null {
  const fault = driverFault(error);
  const code = fault?.code ?? '';
  const text = messages(error);
  if (code === '57014' || TIMED_OUT.test(text)) return 'timeout';
  if ((fault && (UNAVAILABLE_KINDS.has(fault.kind ?? '') || /^(08|57P0|53300|3D000)/.test(code))) || UNREACHABLE.test(text))
    return 'unavailable';
  return null;
}

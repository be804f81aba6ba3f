/**
 * Error masking. Client mistakes reach the client with a stable `extensions.code`; a
 * database that is down or too slow says so (503, retry later); anything else (a bug)
 * becomes "Unexpected error." with INTERNAL_SERVER_ERROR. Never a stack trace or SQL.
 */
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { databaseTimeout, databaseUnavailable, ErrorCode } from '../errors/catalogue.js';

function codeForValidationError(message: string): ErrorCode {
  if (/global id|is not of type/i.test(message)) return ErrorCode.INVALID_ID;
  if (/cursor/i.test(message)) return ErrorCode.INVALID_CURSOR;
  return ErrorCode.BAD_USER_INPUT;
}

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
 * 57014: the statement timeout fired. 08…: connection failures; 57P0…: the server is shutting
 * down or restarting; 53300: too many connections; 3D000: the database is gone.
 */
function databaseError(error: unknown): GraphQLError | null {
  const fault = driverFault(error);
  const code = fault?.code ?? '';
  if (code === '57014') {
    return databaseTimeout();
  }
  const message = error instanceof Error ? error.message : '';
  if (
    (fault && (UNAVAILABLE_KINDS.has(fault.kind ?? '') || /^(08|57P0|53300|3D000)/.test(code))) ||
    /ECONNREFUSED|Connection terminated|Can't reach database/.test(message)
  ) {
    return databaseUnavailable();
  }
  return null;
}

export const maskError: MaskError = (error, message) => {
  const database = databaseError(error instanceof GraphQLError ? (error.originalError ?? error) : error);
  if (database) return database;
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // Pothos reports malformed cursors and ids as validation errors without a code. They are
  // the client's mistake: the same error goes back with a code, and yoga does not log it as
  // a server fault (it logs only errors that masking replaced).
  if (original instanceof PothosValidationError && error instanceof GraphQLError) {
    (error.extensions as Record<string, unknown>).code ??= codeForValidationError(original.message);
    return error;
  }
  return yogaMaskError(error, message, false);
};

/**
 * Error masking. Client mistakes reach the client with a stable `extensions.code`; a
 * database that is down or too slow says so (503, retry later); anything else (a bug)
 * becomes "Unexpected error." with INTERNAL_SERVER_ERROR. Never a stack trace or SQL.
 */
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { classifyDatabaseFault } from '../db/faults.js';
import { databaseTimeout, databaseUnavailable, ErrorCode } from '../errors/catalogue.js';

function codeForValidationError(message: string): ErrorCode {
  if (/global id|is not of type/i.test(message)) return ErrorCode.INVALID_ID;
  if (/cursor/i.test(message)) return ErrorCode.INVALID_CURSOR;
  return ErrorCode.BAD_USER_INPUT;
}

function databaseError(error: unknown): GraphQLError | null {
  switch (classifyDatabaseFault(error)) {
    case 'timeout':
      return databaseTimeout();
    case 'unavailable':
      return databaseUnavailable();
    default:
      return null;
  }
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

/**
 * Error masking. Client mistakes reach the client with a stable `extensions.code`; anything
 * else (a bug, a database fault) becomes "Unexpected error." with INTERNAL_SERVER_ERROR and
 * no stack trace or SQL, in every environment.
 */
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError } from 'graphql-yoga';
import { ErrorCode } from '../schema/errors.js';

function codeForValidationError(message: string): ErrorCode {
  if (/global id|is not of type/i.test(message)) return ErrorCode.INVALID_ID;
  if (/cursor/i.test(message)) return ErrorCode.INVALID_CURSOR;
  return ErrorCode.BAD_USER_INPUT;
}

export const maskError: MaskError = (error, message) => {
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

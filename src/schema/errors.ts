import { GraphQLError } from 'graphql';

/**
 * Stable `extensions.code` values. Clients switch on these, so they never change meaning;
 * the README lists them.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CSRF_PREVENTED: 'CSRF_PREVENTED',
  FORBIDDEN: 'FORBIDDEN',
  IMAGE_WIDTH_NOT_OFFERED: 'IMAGE_WIDTH_NOT_OFFERED',
  INVALID_CURSOR: 'INVALID_CURSOR',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_ID: 'INVALID_ID',
  PAGE_SIZE_EXCEEDED: 'PAGE_SIZE_EXCEEDED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  SEARCH_QUERY_TOO_LONG: 'SEARCH_QUERY_TOO_LONG',
  SEARCH_QUERY_TOO_SHORT: 'SEARCH_QUERY_TOO_SHORT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A client error: safe to show as is, never masked. */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

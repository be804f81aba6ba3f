/**
 * Every `extensions.code` the gateway can send, with the HTTP status it sets (null: the
 * ordinary status of a GraphQL response, 200 with `errors` beside whatever data resolved) and
 * when a client sees it. Clients switch on these codes, so none ever changes meaning. The
 * README's error table lists the same codes (test/unit/error-catalogue.test.ts checks both
 * ways, and that no module under src/ writes a code as a string literal of its own).
 */
import { GraphQLError } from 'graphql';

interface CodeSpec {
  /** The HTTP status the gateway sets for it; null leaves the GraphQL response's own. */
  status: number | null;
  /** A client's mistake (logged at info, never masked) or the gateway's or a dependency's fault. */
  fault: 'client' | 'server';
  /** Sent by the gateway's code, or by graphql-yoga itself (listed so clients know them). */
  origin: 'gateway' | 'graphql-yoga';
}

const client = (status: number | null = null): CodeSpec => ({ status, fault: 'client', origin: 'gateway' });

export const errorCatalogue = {
  // Arguments
  BAD_USER_INPUT: client(),
  PAGE_SIZE_EXCEEDED: client(),
  INVALID_CURSOR: client(),
  INVALID_DATE: client(),
  INVALID_ID: client(),
  TOO_MANY_IDS: client(),
  SEARCH_QUERY_TOO_SHORT: client(),
  SEARCH_QUERY_TOO_LONG: client(),
  // Who is asking
  UNAUTHENTICATED: client(401),
  FORBIDDEN: client(),
  CSRF_PREVENTED: client(403),
  RATE_LIMITED: client(429),
  // The document and the request
  QUERY_TOO_DEEP: client(),
  QUERY_TOO_LARGE: client(),
  QUERY_TOO_COMPLEX: client(),
  TOO_MANY_ALIASES: client(),
  TOO_MANY_DIRECTIVES: client(),
  UNKNOWN_DIRECTIVE: client(),
  REQUEST_TOO_LARGE: client(413),
  LENGTH_REQUIRED: client(411),
  // Persisted operations
  PERSISTED_QUERY_NOT_FOUND: client(404),
  PERSISTED_QUERY_ONLY: client(400),
  PERSISTED_QUERY_MISMATCH: { status: 400, fault: 'client', origin: 'graphql-yoga' },
  // Picture renditions at /renditions/ (src/server/renditions.ts)
  IMAGE_WIDTH_NOT_OFFERED: client(400),
  IMAGE_FORMAT_NOT_OFFERED: client(400),
  INVALID_MEDIA_PATH: client(400),
  NOT_FOUND: client(404),
  METHOD_NOT_ALLOWED: client(405),
  IMAGE_TOO_LARGE: client(413),
  UNREADABLE_IMAGE: { status: 422, fault: 'server', origin: 'gateway' },
  RENDITION_TIMEOUT: { status: 503, fault: 'server', origin: 'gateway' },
  // Faults
  DATABASE_TIMEOUT: { status: 503, fault: 'server', origin: 'gateway' },
  DATABASE_UNAVAILABLE: { status: 503, fault: 'server', origin: 'gateway' },
  INTERNAL_SERVER_ERROR: { status: null, fault: 'server', origin: 'graphql-yoga' },
  // graphql-yoga's own, for requests it cannot run at all
  GRAPHQL_PARSE_FAILED: { status: null, fault: 'client', origin: 'graphql-yoga' },
  GRAPHQL_VALIDATION_FAILED: { status: null, fault: 'client', origin: 'graphql-yoga' },
  BAD_REQUEST: { status: null, fault: 'client', origin: 'graphql-yoga' },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

/** `ErrorCode.BAD_USER_INPUT === 'BAD_USER_INPUT'`, for every code of the catalogue. */
export const ErrorCode = Object.freeze(Object.fromEntries(Object.keys(errorCatalogue).map((code) => [code, code]))) as {
  readonly [Code in ErrorCode]: Code;
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalogue, value);
}

/** True for a code that reports the client's mistake (logged at info, without a stack). */
export function isClientErrorCode(value: unknown): boolean {
  return isErrorCode(value) && errorCatalogue[value].fault === 'client';
}

/** The `extensions` of an error with this code: the code, its HTTP status if it sets one, and any extras. */
export function errorExtensions(
  code: ErrorCode,
  extensions: Record<string, unknown> = {},
  headers?: Record<string, string>,
): Record<string, unknown> {
  const status = errorCatalogue[code].status;
  return { code, ...extensions, ...(status === null ? {} : { http: { status, ...(headers ? { headers } : {}) } }) };
}

/** A GraphQL error with a catalogued code: a client error is safe to show as is and never masked. */
export function gatewayError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  headers?: Record<string, string>,
): GraphQLError {
  return new GraphQLError(message, { extensions: errorExtensions(code, extensions, headers) });
}

/** A client error: safe to show as is, never masked. */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return gatewayError(code, message, extensions);
}

export const unauthenticated = (message: string) => gatewayError(ErrorCode.UNAUTHENTICATED, message, {}, { 'WWW-Authenticate': 'Bearer' });

export const databaseTimeout = () =>
  gatewayError(
    ErrorCode.DATABASE_TIMEOUT,
    'The database took too long to answer; try a smaller request, or retry later',
    {},
    { 'retry-after': '5' },
  );

export const databaseUnavailable = () =>
  gatewayError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable; retry shortly', {}, { 'retry-after': '5' });

/**
 * The body of a refusal written straight to the socket, before graphql-yoga sees the
 * request (src/server/http.ts): the same shape as a GraphQL error response.
 */
export function refusalBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/**
 * CSRF prevention (@graphql-yoga/plugin-csrf-prevention) with a coded refusal: the library's
 * 403 says only "Required CSRF header(s) not present", with no `extensions.code` a client can
 * branch on. This wraps its check and answers `CSRF_PREVENTED`, naming the header to send.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { errorExtensions, ErrorCode } from '../errors/catalogue.js';

/** Headers no browser form or link can add; any one of them (with any value) passes. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Whether the library's check lets the request through: a content type no form can send
 * (so the browser preflighted it), or one of the headers. src/server/cache-hits.ts answers
 * cached pages before the library runs, and only when this holds.
 */
export function csrfSatisfied(request: Request): boolean {
  const type = request.headers.get('content-type')?.toLowerCase();
  if (type && !['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].some((simple) => type.startsWith(simple)))
    return true;
  return CSRF_HEADERS.some((header) => request.headers.has(header));
}

export function csrfPreventionPlugin(): Plugin {
  const library = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      try {
        return library.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `This request needs an ${CSRF_HEADERS[0]} header (any value, e.g. "${CSRF_HEADERS[0]}: 1"), or ${CSRF_HEADERS.slice(1).join(' or ')}: GET and form-encoded requests without one are refused to prevent cross-site request forgery.`,
          { extensions: errorExtensions(ErrorCode.CSRF_PREVENTED) },
        );
      }
    },
  };
}

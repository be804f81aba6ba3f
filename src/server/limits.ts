/**
 * Abuse limits. Every refusal is a GraphQL error with a stable code, decided before any
 * database work: document size and shape are checked at parse and validation time, request
 * rates before parsing, body size before reading the body (src/server/http.ts).
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { NoSchemaIntrospectionCustomRule, type GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { hashApiToken } from '../domain/api-tokens.js';

/** Gives graphql-armor's rejections (plain "Syntax Error: …") a stable code. */
const withCode = (code: string) => ({
  onReject: [(_context: unknown, error: GraphQLError) => void ((error.extensions as Record<string, unknown>).code = code)],
});

export function documentLimitPlugins(config: Config): Plugin[] {
  const { limits } = config;
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...withCode('QUERY_TOO_LARGE') }),
    maxDepthPlugin({ n: limits.maxDepth, ...withCode('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: limits.maxAliases, ...withCode('TOO_MANY_ALIASES') }),
    maxDirectivesPlugin({ n: limits.maxDirectives, ...withCode('TOO_MANY_DIRECTIVES') }),
    ...(config.introspection ? [] : [disableIntrospection(), blockFieldSuggestionsPlugin()]),
  ] as Plugin[];
}

/** graphql-js's own rule; with it, `__schema` and `__type` fail validation. */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * Requests per minute per client: an editor by token, a reader by IP address. Counted in
 * Redis when it is configured, so the limit holds across replicas.
 */
export function rateLimitPlugin(config: Config, redis: Redis | null): Plugin | null {
  const perMinute = config.limits.rateLimitPerMinute;
  if (perMinute === 0) return null;
  const options = { points: perMinute, duration: 60, keyPrefix: 'gateway-rate' };
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const key = clientKey(request, serverContext as { req?: { socket?: { remoteAddress?: string } } });
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        const error = createGraphQLError(`Too many requests: at most ${perMinute} a minute. Retry in ${retryAfter} s.`, {
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
        });
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [error.toJSON()] }), {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) },
          }),
        );
      }
    },
  };
}

/** Never the token itself: a hash of it, so keys in Redis reveal nothing. */
function clientKey(request: Request, serverContext: { req?: { socket?: { remoteAddress?: string } } }): string {
  const authorization = request.headers.get('authorization');
  if (authorization) return `token:${hashApiToken(authorization).slice(0, 32)}`;
  return `ip:${serverContext.req?.socket?.remoteAddress ?? 'unknown'}`;
}

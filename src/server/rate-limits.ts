/**
 * Requests per minute, counted in Redis when it is configured (so the limit holds across
 * replicas; each replica's memory stands in while Redis is down):
 *
 * - every request counts against its client's address (X-Forwarded-For as far as
 *   TRUSTED_PROXY_HOPS trusts it, else the socket's peer), RATE_LIMIT_PER_MINUTE, before
 *   anything else, a bearer token's lookup included: random tokens cost the sender, not us;
 * - a request that authenticates as an editor gets its address's point back and counts
 *   against its token instead, EDITOR_RATE_LIMIT_PER_MINUTE: a newsroom behind one address
 *   neither spends its readers' budget nor is held to it.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { hashApiToken } from '../domain/api-tokens.js';
import { clientAddress } from '../domain/client-address.js';
import { errorExtensions, ErrorCode, refusalBody } from '../errors/catalogue.js';
import type { GatewayContext } from '../schema/context.js';

function limiter(redis: Redis | null, keyPrefix: string, points: number): RateLimiterAbstract | null {
  if (points === 0) return null;
  const options = { points, duration: 60, keyPrefix };
  return redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
}

const retryAfterSeconds = (rejection: RateLimiterRes) => Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
const tooMany = (perMinute: number, retryAfter: number) => `Too many requests: at most ${perMinute} a minute. Retry in ${retryAfter} s.`;

/** Consumes a point; the rejection when there was none left. */
async function spend(bucket: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await bucket.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

export function rateLimitPlugin(config: Config, redis: Redis | null): Plugin | null {
  const { rateLimitPerMinute, editorRateLimitPerMinute, trustedProxyHops } = config.limits;
  const byAddress = limiter(redis, 'gateway-rate', rateLimitPerMinute);
  const byEditor = limiter(redis, 'gateway-rate-editor', editorRateLimitPerMinute);
  if (!byAddress && !byEditor) return null;
  /** The address bucket each request spent a point from, to give it back to an editor. */
  const addressKeys = new WeakMap<Request, string>();

  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (!byAddress) return;
      const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket;
      const key = `ip:${clientAddress(request.headers.get('x-forwarded-for'), socket?.remoteAddress, trustedProxyHops)}`;
      const rejection = await spend(byAddress, key);
      if (!rejection) {
        addressKeys.set(request, key);
        return;
      }
      const retryAfter = retryAfterSeconds(rejection);
      endResponse(
        new fetchAPI.Response(
          refusalBody(ErrorCode.RATE_LIMITED, tooMany(rateLimitPerMinute, retryAfter), { retryAfterSeconds: retryAfter }),
          {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) },
          },
        ),
      );
    },
    // After the context factory, which authenticated the token (or refused it, 401).
    onContextBuilding() {
      return async ({ context }) => {
        const { editor, request } = context as Partial<GatewayContext> & { request?: Request };
        const authorization = request?.headers.get('authorization');
        if (!editor || !request || !authorization) return;
        const addressKey = addressKeys.get(request);
        if (byAddress && addressKey) await byAddress.reward(addressKey, 1).catch(() => {});
        if (!byEditor) return;
        // Never the token itself: a hash of it, so keys in Redis reveal nothing.
        const rejection = await spend(byEditor, `token:${hashApiToken(authorization).slice(0, 32)}`);
        if (!rejection) return;
        const retryAfter = retryAfterSeconds(rejection);
        throw createGraphQLError(tooMany(editorRateLimitPerMinute, retryAfter), {
          extensions: errorExtensions(ErrorCode.RATE_LIMITED, { retryAfterSeconds: retryAfter }, { 'retry-after': String(retryAfter) }),
        });
      };
    },
  };
}

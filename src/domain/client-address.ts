/**
 * Who the client is, by address, behind `hops` trusted proxies. Each proxy appends the
 * address it received the request from to X-Forwarded-For, so the client is the entry `hops`
 * from the right; anything further left was written by the client itself and proves nothing.
 * With no trusted proxy (0), or a header too short or malformed to have come through them, the
 * socket's peer is the client.
 */
import { isIP } from 'node:net';

export function clientAddress(forwardedFor: string | null, socketAddress: string | undefined, hops: number): string {
  const peer = socketAddress ?? 'unknown';
  if (hops === 0 || !forwardedFor) return peer;
  const entries = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length < hops) return peer;
  const candidate = entries[entries.length - hops]!;
  return isIP(candidate) ? candidate : peer;
}

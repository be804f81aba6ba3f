/**
 * Editor API tokens: 32 random bytes, shown once, stored only as their SHA-256. A token
 * carries its own entropy, so a fast hash is enough (unlike a password, it cannot be guessed
 * from a dictionary), and lookups by hash use a unique index.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'ngw_';

export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tells a well-formed token from noise before any database work. */
export function looksLikeApiToken(token: string): boolean {
  return /^ngw_[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * The token of an `Authorization: Bearer …` header. Absent header → null (a reader);
 * anything else that is not a bearer token → 'malformed'.
 */
export function bearerToken(header: string | null): string | null | 'malformed' {
  if (header === null || header.trim() === '') return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : 'malformed';
}

import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiToken, hashApiToken, looksLikeApiToken } from '../../src/domain/api-tokens.js';

describe('API tokens', () => {
  it('are long, random and recognisable', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a).not.toBe(b);
    expect(looksLikeApiToken(a)).toBe(true);
    expect(looksLikeApiToken('ngw_short')).toBe(false);
  });

  it('are stored as a SHA-256 that does not contain the token', () => {
    const token = generateApiToken();
    const hash = hashApiToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiToken(token));
    expect(hash).not.toContain(token.slice(4, 20));
  });

  it('come from a Bearer header; no header means an anonymous reader', () => {
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken('Bearer ngw_abc')).toBe('ngw_abc');
    expect(bearerToken('bearer   ngw_abc ')).toBe('ngw_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBe('malformed');
    expect(bearerToken('Bearer a b')).toBe('malformed');
  });
});

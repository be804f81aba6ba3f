import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/domain/client-address.js';

describe('clientAddress', () => {
  it('is the socket peer without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '10.0.0.2', 0)).toBe('10.0.0.2');
    expect(clientAddress(null, undefined, 0)).toBe('unknown');
  });

  it('is the entry appended by the outermost trusted proxy, not what the client wrote before it', () => {
    expect(clientAddress('203.0.113.9', '10.0.0.2', 1)).toBe('203.0.113.9');
    expect(clientAddress('1.1.1.1, 203.0.113.9', '10.0.0.2', 1)).toBe('203.0.113.9');
    expect(clientAddress('1.1.1.1, 203.0.113.9, 10.0.0.7', '10.0.0.2', 2)).toBe('203.0.113.9');
    expect(clientAddress('2001:db8::1', '10.0.0.2', 1)).toBe('2001:db8::1');
  });

  it('falls back to the socket peer for a header too short or not an address', () => {
    expect(clientAddress('203.0.113.9', '10.0.0.2', 2)).toBe('10.0.0.2');
    expect(clientAddress('evil, not-an-ip', '10.0.0.2', 1)).toBe('10.0.0.2');
    expect(clientAddress(' , ', '10.0.0.2', 1)).toBe('10.0.0.2');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeSearchCursor, encodeSearchCursor, searchDigest } from '../../src/domain/search-cursor.js';

describe('search cursors', () => {
  const cursor = {
    score: 0.49693510906289484,
    publishedAt: new Date('2024-03-04T07:26:47.000Z'),
    id: 42,
    reference: new Date('2026-11-25T19:00:00.123Z'),
    digest: searchDigest('dan van kheo', { tag: 'luc-yen' }),
  };

  it('round-trips exactly, the score to the last bit', () => {
    expect(decodeSearchCursor(encodeSearchCursor(cursor))).toEqual(cursor);
  });

  it('names the search: another query or filter gives another digest', () => {
    expect(searchDigest('dan van kheo', null)).toBe(searchDigest('dan van kheo', undefined));
    expect(searchDigest('dan van kheo', null)).not.toBe(cursor.digest);
    expect(searchDigest('dan van', { tag: 'luc-yen' })).not.toBe(cursor.digest);
  });

  it('refuses anything it did not give out', () => {
    const bad = [
      '',
      'not a cursor',
      'R1BDOk46MQ', // a Pothos-style cursor
      Buffer.from('["s1",1,2]').toString('base64url'),
      Buffer.from('["s1","x",1,1,1,"d"]').toString('base64url'),
      Buffer.from('["s1",1,1,0,1,"d"]').toString('base64url'),
      Buffer.from('["s1",1,1,1.5,1,"d"]').toString('base64url'),
      Buffer.from('["s2",1,1,1,1,"d"]').toString('base64url'),
      'A'.repeat(500),
    ];
    for (const text of bad) expect(decodeSearchCursor(text), text).toBeNull();
  });
});

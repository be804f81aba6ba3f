import { describe, expect, it } from 'vitest';
import {
  foldWord,
  hasDiacritics,
  MAX_SEARCH_QUERY_CHARS,
  MAX_SEARCH_QUERY_WORDS,
  parseSearchQuery,
  textWords,
} from '../../src/domain/search-query.js';

const ok = (input: string) => {
  const parsed = parseSearchQuery(input);
  if (!parsed.ok) throw new Error(`expected "${input}" to parse: ${parsed.message}`);
  return parsed;
};

describe('parseSearchQuery', () => {
  it('folds case and diacritics: the three spellings of one query search for the same words', () => {
    const spellings = ['dan van kheo', 'Dân vận khéo', 'DAN VAN KHEO', 'DÂN VẬN KHÉO'];
    for (const spelling of spellings) expect(ok(spelling).folded).toEqual(['dan', 'van', 'kheo']);
  });

  it('folds đ and Đ to d', () => {
    expect(ok('Đức Toàn đường').folded).toEqual(['duc', 'toan', 'duong']);
  });

  it('keeps the words as typed (NFC), for the exact-diacritics ranking and the highlighting', () => {
    expect(ok('  Lu\u0323c   Yên ').words).toEqual(['Lục', 'Yên']);
    expect(ok('  Lu\u0323c   Yên ').text).toBe('Lục Yên');
  });

  it('treats tsquery and SQL metacharacters as separators, never as syntax', () => {
    expect(ok(`luc & yen | !(dan:*) 'kheo' \\ ""`).text).toBe('luc yen dan kheo');
    expect(ok('\'; DROP TABLE "Article"; --').text).toBe('DROP TABLE Article');
    expect(ok('COVID-19, 3,5%').folded).toEqual(['covid', '19', '3', '5']);
  });

  it('refuses queries with fewer than two letters or digits', () => {
    for (const input of ['', '   ', 'a', 'đ', '?!', `&|!():*'\\`, '“ ”']) {
      const parsed = parseSearchQuery(input);
      expect(parsed.ok, JSON.stringify(input)).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toBe('TOO_SHORT');
    }
    expect(parseSearchQuery('a b').ok).toBe(true);
    expect(parseSearchQuery('đô').ok).toBe(true);
  });

  it('refuses queries that are too long, in characters or in words', () => {
    const long = parseSearchQuery('x'.repeat(2000));
    expect(long).toMatchObject({ ok: false, problem: 'TOO_LONG' });
    expect(parseSearchQuery('ế'.repeat(MAX_SEARCH_QUERY_CHARS)).ok).toBe(true);
    expect(parseSearchQuery('ế'.repeat(MAX_SEARCH_QUERY_CHARS + 1)).ok).toBe(false);
    const manyWords = Array.from({ length: MAX_SEARCH_QUERY_WORDS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(manyWords)).toMatchObject({ ok: false, problem: 'TOO_LONG' });
  });

  it('drops characters PostgreSQL text cannot hold, and lone surrogates', () => {
    expect(ok('luc\u0000yen \ud800').text).toBe('luc yen');
  });
});

describe('word helpers', () => {
  it('finds words with their offsets', () => {
    expect(textWords('“Dân vận” khéo.')).toEqual([
      { text: 'Dân', start: 1, end: 4 },
      { text: 'vận', start: 5, end: 8 },
      { text: 'khéo', start: 10, end: 14 },
    ]);
  });

  it('knows which words carry diacritics', () => {
    expect(foldWord('Khéo')).toBe('kheo');
    expect(hasDiacritics('lục')).toBe(true);
    expect(hasDiacritics('Đồng')).toBe(true);
    expect(hasDiacritics('LUC')).toBe(false);
    expect(hasDiacritics('400')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { countWords, readingTimeMinutes } from '../../src/domain/reading-time.js';

describe('reading time', () => {
  it('counts Vietnamese syllable-words, not punctuation', () => {
    expect(countWords(['Lục Yên có trên 400 mô hình “Dân vận khéo”.'])).toBe(10);
    expect(countWords(['', ' – ; '])).toBe(0);
  });

  it('rounds to whole minutes at 200 words a minute, never below one', () => {
    expect(readingTimeMinutes(['một hai ba'])).toBe(1);
    expect(readingTimeMinutes([Array(1000).fill('chữ').join(' ')])).toBe(5);
    expect(readingTimeMinutes([Array(700).fill('chữ').join(' ')])).toBe(4);
  });
});

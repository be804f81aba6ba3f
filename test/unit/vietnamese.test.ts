import { describe, expect, it } from 'vitest';
import { foldDiacritics, normalizeText, slugify, uniqueSlug } from '../../src/domain/vietnamese.js';

describe('foldDiacritics', () => {
  it('removes tone marks and vowel marks', () => {
    expect(foldDiacritics('Dân vận khéo')).toBe('Dan van kheo');
    expect(foldDiacritics('Lục Yên có trên 400 mô hình')).toBe('Luc Yen co tren 400 mo hinh');
    expect(foldDiacritics('ướt ở ữ ỳ ẹ')).toBe('uot o u y e');
  });

  it('folds đ and Đ, which are letters of their own rather than d with a mark', () => {
    expect(foldDiacritics('Đức Toàn, đường')).toBe('Duc Toan, duong');
  });

  it('folds text typed in decomposed form (NFD) the same as composed', () => {
    expect(foldDiacritics('Khe\u0301o')).toBe('Kheo');
  });
});

describe('normalizeText', () => {
  it('composes to NFC so the same word has one spelling', () => {
    const decomposed = 'khe\u0301o';
    expect(decomposed).not.toBe('khéo');
    expect(normalizeText(decomposed)).toBe('khéo');
  });
});

describe('slugify', () => {
  it('makes the reference headline into a URL without diacritics or punctuation', () => {
    expect(slugify('Lục Yên có trên 400 mô hình “Dân vận khéo”')).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
  });

  it('handles đ, mixed case, and runs of punctuation', () => {
    expect(slugify('ĐẠI HỘI Thi đua — quyết thắng!!')).toBe('dai-hoi-thi-dua-quyet-thang');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('Nông thôn mới '.repeat(30), 40);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slug.endsWith('-moi') || slug.endsWith('-thon') || slug.endsWith('-nong')).toBe(true);
  });

  it('gives an empty slug for text with no letters or digits', () => {
    expect(slugify('“…”')).toBe('');
  });
});

describe('uniqueSlug', () => {
  it('adds -2, -3 … to a slug already taken', () => {
    expect(uniqueSlug('tin-moi', new Set())).toBe('tin-moi');
    expect(uniqueSlug('tin-moi', new Set(['tin-moi']))).toBe('tin-moi-2');
    expect(uniqueSlug('tin-moi', new Set(['tin-moi', 'tin-moi-2']))).toBe('tin-moi-3');
  });
});

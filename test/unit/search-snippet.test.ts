import { describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_WORDS, type SnippetPassage } from '../../src/domain/search-snippet.js';

const lead = (text: string): SnippetPassage => ({ field: 'LEAD', text });
const body = (text: string): SnippetPassage => ({ field: 'BODY', text });
const title = (text: string): SnippetPassage => ({ field: 'TITLE', text });

describe('buildSnippet', () => {
  it('marks the matching words in the original spelling, a phrase as one run, quotes outside the marks', () => {
    const snippet = buildSnippet([title('Lục Yên có trên 400 mô hình “Dân vận khéo”')], ['dan', 'van', 'kheo']);
    expect(snippet).toEqual({ field: 'TITLE', text: 'Lục Yên có trên 400 mô hình “«Dân vận khéo»”' });
  });

  it('matches whatever the case and diacritics typed, đ included', () => {
    expect(buildSnippet([lead('Phóng viên Đức Toàn đưa tin.')], ['DUC', 'toan']).text).toBe('Phóng viên «Đức Toàn» đưa tin.');
  });

  it('keeps word boundaries: whole words match ("yến", "Yên"), parts of words do not ("Yênh")', () => {
    expect(buildSnippet([lead('Yênh và yến tiệc ở Lục Yên')], ['yen']).text).toBe('Yênh và «yến» tiệc ở Lục «Yên»');
  });

  it('picks the passage with the most query words, then the closest together; lead and body before the title', () => {
    const passages = [
      lead('Huyện Lục Yên có nhiều mô hình hay.'),
      body('Phong trào “Dân vận khéo” ở Lục Yên được nhân rộng.'),
      title('Lục Yên: dân vận khéo'),
    ];
    const snippet = buildSnippet(passages, ['dan', 'van', 'kheo', 'luc', 'yen']);
    expect(snippet.field).toBe('BODY');
    expect(snippet.text).toBe('Phong trào “«Dân vận khéo»” ở «Lục Yên» được nhân rộng.');
    // The same words in the lead and in the title: the lead wins the tie.
    expect(buildSnippet([lead('Lục Yên.'), title('Lục Yên')], ['luc', 'yen']).field).toBe('LEAD');
  });

  it('prefers words with the diacritics the reader typed', () => {
    const passages = [body('Đến lúc yến tiệc tàn.'), body('Huyện Lục Yên tổ chức hội nghị.')];
    expect(buildSnippet(passages, ['lục', 'yên']).text).toBe('Huyện «Lục Yên» tổ chức hội nghị.');
    // Typed without diacritics, the first passage is as good.
    expect(buildSnippet(passages, ['luc', 'yen']).text).toBe('Đến «lúc yến» tiệc tàn.');
  });

  it('cuts a long passage around the match, with … where it was cut', () => {
    const words = Array.from({ length: 100 }, (_, i) => `từ${i}`);
    words[60] = 'khéo';
    const snippet = buildSnippet([body(words.join(' ') + '.')], ['kheo']);
    expect(snippet.text.startsWith('…từ54 từ55')).toBe(true);
    expect(snippet.text).toContain('«khéo»');
    expect(snippet.text.endsWith('từ83…')).toBe(true);
    expect(snippet.text.replace(/…/g, '').split(' ')).toHaveLength(SNIPPET_WORDS);
  });

  it('keeps an opening quote with the first word of a cut passage, and the punctuation after the last', () => {
    const text = `${'mở đầu '.repeat(20)}hôm nay, “Dân vận khéo” được nhân rộng. ${'kết thúc '.repeat(20)}`;
    const snippet = buildSnippet([body(text)], ['dan', 'van', 'kheo']);
    expect(snippet.text).toMatch(/^…mở đầu/);
    expect(snippet.text).toContain('hôm nay, “«Dân vận khéo»” được');
  });

  it('falls back to the opening of the first passage when nothing matches', () => {
    expect(buildSnippet([lead('Không có gì.'), title('Tựa')], ['xyz'])).toEqual({ field: 'LEAD', text: 'Không có gì.' });
    expect(buildSnippet([lead(''), title('Tựa đề')], ['xyz'])).toEqual({ field: 'TITLE', text: 'Tựa đề' });
    expect(buildSnippet([], ['xyz'])).toEqual({ field: 'LEAD', text: '' });
  });
});

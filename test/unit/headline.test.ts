import { describe, expect, it } from 'vitest';
import { deriveHeadline, firstSentence } from '../../src/content/headline.js';
import { loadReferenceFixture } from '../../src/seed/demo.js';

describe('deriveHeadline', () => {
  it('uses the first sentence of a lead, word for word', () => {
    const [z183] = loadReferenceFixture().otherNews;
    expect(deriveHeadline(z183!.lead)).toBe('Nhà máy Z183 vừa tổ chức Đại hội Thi đua quyết thắng giai đoạn 2019 - 2024');
  });

  it('does not end a sentence inside "(từ 27 - 31/5)" or after an abbreviation', () => {
    expect(firstSentence('Trong tuần (từ 27 - 31/5), Quốc hội họp. Sau đó nghỉ.')).toBe('Trong tuần (từ 27 - 31/5), Quốc hội họp');
    expect(firstSentence('Sáng nay, TP. Hồ Chí Minh khai mạc hội chợ. Hội chợ kéo dài 5 ngày.')).toBe(
      'Sáng nay, TP. Hồ Chí Minh khai mạc hội chợ',
    );
  });

  it('cuts a long first sentence at a boundary and marks the cut', () => {
    for (const { lead } of loadReferenceFixture().otherNews) {
      const headline = deriveHeadline(lead, 100);
      expect([...headline].length).toBeLessThanOrEqual(101);
      if (headline.endsWith('…')) expect(lead.startsWith(headline.slice(0, -1))).toBe(true);
      else expect(lead.startsWith(headline)).toBe(true);
    }
    expect(deriveHeadline('Một hai ba bốn năm sáu bảy tám chín mười', 20)).toBe('Một hai ba bốn năm…');
  });
});

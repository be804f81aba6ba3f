import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/domain/vietnamese.js';
import { AUTHORS } from '../../src/seed/people.js';
import { SECTIONS, TAGS, TOPICS_BY_SECTION } from '../../src/seed/vocabulary.js';

describe('corpus vocabulary', () => {
  it('has about twenty newspaper sections, some nested one level', () => {
    expect(SECTIONS.length).toBeGreaterThanOrEqual(18);
    expect(SECTIONS.length).toBeLessThanOrEqual(25);
    const names = SECTIONS.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Thời sự',
        'Kinh tế',
        'Xã hội',
        'Văn hóa',
        'Thể thao',
        'Giáo dục',
        'Y tế',
        'Pháp luật',
        'Nông nghiệp',
        'Du lịch',
      ]),
    );
    const slugs = new Set(SECTIONS.map((s) => s.slug));
    expect(slugs.size).toBe(SECTIONS.length);
    const children = SECTIONS.filter((s) => s.parentSlug);
    expect(children.length).toBeGreaterThan(3);
    for (const child of children) expect(SECTIONS.find((s) => s.slug === child.parentSlug)?.parentSlug).toBeNull();
    for (const section of SECTIONS) expect(TOPICS_BY_SECTION.get(section.slug)?.length).toBeGreaterThan(0);
  });

  it('has a few hundred tags, places and topics, unique by slug', () => {
    expect(TAGS.length).toBeGreaterThanOrEqual(250);
    expect(new Set(TAGS.map((t) => t.slug)).size).toBe(TAGS.length);
    const names = TAGS.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Lục Yên', 'Yên Bái', 'nông thôn mới', 'chuyển đổi số', 'dân vận khéo', 'mô hình']));
    for (const tag of TAGS) expect(tag.slug).toBe(slugify(tag.name));
  });

  it('has dozens of Vietnamese bylines, the fixture reporter first', () => {
    expect(AUTHORS[0]).toBe('Đức Toàn');
    expect(AUTHORS.length).toBeGreaterThanOrEqual(36);
    expect(new Set(AUTHORS.map((a) => slugify(a))).size).toBe(AUTHORS.length);
    for (const name of AUTHORS) {
      expect(name).toBe(name.normalize('NFC'));
      expect(name.split(' ').length).toBeGreaterThanOrEqual(2);
    }
  });
});

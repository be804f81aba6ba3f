import { describe, expect, it } from 'vitest';
import { isPublic, publicationChange } from '../../src/domain/publication.js';

const now = new Date('2024-03-04T10:00:00+07:00');
const past = new Date('2024-03-04T09:00:00+07:00');
const future = new Date('2024-03-05T09:00:00+07:00');

describe('publication changes', () => {
  it('only a published article whose time has come is public', () => {
    expect(isPublic({ status: 'PUBLISHED', publishedAt: past }, now)).toBe(true);
    expect(isPublic({ status: 'PUBLISHED', publishedAt: future }, now)).toBe(false);
    expect(isPublic({ status: 'DRAFT', publishedAt: past }, now)).toBe(false);
    expect(isPublic({ status: 'ARCHIVED', publishedAt: past }, now)).toBe(false);
  });

  it.each([
    ['a draft published now', { status: 'DRAFT', publishedAt: null }, { status: 'PUBLISHED', publishedAt: past }, 'PUBLISHED'],
    ['a public article edited', { status: 'PUBLISHED', publishedAt: past }, { status: 'PUBLISHED', publishedAt: past }, 'UPDATED'],
    ['a public article unpublished', { status: 'PUBLISHED', publishedAt: past }, { status: 'DRAFT', publishedAt: past }, 'UNPUBLISHED'],
    ['a public article archived', { status: 'PUBLISHED', publishedAt: past }, { status: 'ARCHIVED', publishedAt: past }, 'UNPUBLISHED'],
    [
      'a public article moved to the future',
      { status: 'PUBLISHED', publishedAt: past },
      { status: 'PUBLISHED', publishedAt: future },
      'UNPUBLISHED',
    ],
    ['a draft scheduled for tomorrow', { status: 'DRAFT', publishedAt: null }, { status: 'PUBLISHED', publishedAt: future }, null],
    ['a draft edited', { status: 'DRAFT', publishedAt: null }, { status: 'DRAFT', publishedAt: null }, null],
  ] as const)('%s → %s', (_name, before, after, expected) => {
    expect(publicationChange(before, after, now)).toBe(expected);
  });

  it('a new article published at once is PUBLISHED', () => {
    expect(publicationChange(null, { status: 'PUBLISHED', publishedAt: past }, now)).toBe('PUBLISHED');
  });
});

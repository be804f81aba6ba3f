import { describe, expect, it } from 'vitest';
import { keysetCondition, keysetPage, keysetSelect } from '../../src/db/keyset.js';

const newestFirst = [{ publishedAt: 'desc' }, { id: 'desc' }];
const at = new Date('2024-03-04T07:26:47Z');

describe('keysetCondition', () => {
  it('after a row, newest first: earlier, or as early with a smaller id', () => {
    expect(keysetCondition(newestFirst, { publishedAt: at, id: 42 }, { backward: false, inclusive: false })).toEqual({
      OR: [{ AND: [{ publishedAt: { lt: at } }] }, { AND: [{ publishedAt: at }, { id: { lt: 42 } }] }],
    });
  });

  it('flips every comparison when paging backwards, and for ascending columns', () => {
    expect(keysetCondition(newestFirst, { publishedAt: at, id: 42 }, { backward: true, inclusive: false })).toEqual({
      OR: [{ AND: [{ publishedAt: { gt: at } }] }, { AND: [{ publishedAt: at }, { id: { gt: 42 } }] }],
    });
    const oldestFirst = [{ publishedAt: 'asc' }, { id: 'asc' }];
    expect(keysetCondition(oldestFirst, { publishedAt: at, id: 42 }, { backward: false, inclusive: false })).toEqual({
      OR: [{ AND: [{ publishedAt: { gt: at } }] }, { AND: [{ publishedAt: at }, { id: { gt: 42 } }] }],
    });
  });

  it('keeps the row itself when the cursor is inclusive (no skip)', () => {
    const condition = keysetCondition([{ slug: 'asc' }, { id: 'asc' }], { slug: 'luc-yen', id: 3 }, { backward: false, inclusive: true });
    expect(condition?.OR.at(-1)).toEqual({ AND: [{ slug: 'luc-yen' }, { id: 3 }] });
    expect(condition?.OR).toHaveLength(3);
  });

  it('leaves a row with a null order value to Prisma', () => {
    expect(keysetCondition(newestFirst, { publishedAt: null, id: 42 }, { backward: false, inclusive: false })).toBeNull();
  });

  it('refuses an order it cannot page by', () => {
    expect(() =>
      keysetCondition([{ publishedAt: 'desc', id: 'desc' }], { publishedAt: at, id: 1 }, { backward: false, inclusive: false }),
    ).toThrow(TypeError);
    expect(() => keysetCondition([{ author: { name: 'asc' } }], { author: 1 }, { backward: false, inclusive: false })).toThrow(TypeError);
  });
});

describe('keysetPage', () => {
  it('reads the cursor row once, with the order columns only', async () => {
    const reads: unknown[] = [];
    const page = await keysetPage({ cursor: { id: 42 }, skip: 1, take: 21 }, newestFirst, async (id, select) => {
      reads.push([id, select]);
      return { publishedAt: at, id };
    });
    expect(reads).toEqual([[42, keysetSelect(newestFirst)]]);
    expect(keysetSelect(newestFirst)).toEqual({ publishedAt: true, id: true });
    expect(page).toMatchObject({ kind: 'keyset', take: 21 });
  });

  it('reads nothing for a first page, and is empty after a cursor whose row is gone', async () => {
    const never = async () => {
      throw new Error('no read expected');
    };
    expect(await keysetPage({ skip: 0, take: -21 }, newestFirst, never)).toEqual({ kind: 'keyset', where: null, take: -21 });
    expect(await keysetPage({ cursor: { id: 7 }, skip: 1, take: 21 }, newestFirst, async () => null)).toEqual({ kind: 'empty' });
  });
});

/**
 * Keyset pagination for Pothos' cursor connections.
 *
 * Pothos turns `after: X, first: 20` into Prisma's `{ cursor: { id: X }, skip: 1, take: 21 }`.
 * Given a cursor and a skip, Prisma writes its query without a LIMIT and pages in memory
 * (prisma/orm#27094, #15710): the second page of a tag carried by 370,000 articles read all
 * of them into the process (400 ms of CPU at 1M articles; the first page, 20 ms). Here the
 * cursor becomes a condition on the order's own columns — "published before the cursor's
 * article, or at the same instant with a smaller id" — and the query keeps its LIMIT, so any
 * page reads along the index like the first one.
 *
 * The cursors of article lists carry their row's sort key ("page keys", below): a page after
 * one is a single statement, with no read of the cursor's row. A cursor of the older form (the
 * id alone) still pages, reading its row first.
 */
import { decodeCursorChunk, encodeCursorChunk } from '@pothos/core';

export type Direction = 'asc' | 'desc';
/**
 * An order as Prisma takes it, `[{ publishedAt: 'desc' }, { id: 'desc' }]`: one column per
 * entry, plain directions only, the last column unique (an id). Checked when used.
 */
export type KeysetOrder = readonly object[];

/** What Pothos hands a connection's resolver (prismaCursorConnectionQuery). */
export interface ConnectionWindow {
  /** `{ id }` from an id cursor; `{ [PAGE_KEY]: … }` from an article list's cursor (a page key, or an older id). */
  cursor?: { id?: number; [PAGE_KEY]?: unknown };
  /** Negative when paging backwards (`before` / `last`). */
  take: number;
  /** 1 with a cursor (the cursor's own row is not part of the page), else 0. */
  skip: number;
}

/** (c1 after v1) OR (c1 = v1 AND c2 after v2) OR …, as a Prisma where. */
export type KeysetCondition = { OR: Record<string, unknown>[] };

function columns(order: KeysetOrder): [string, Direction][] {
  return order.map((entry) => {
    const [pair, ...extra] = Object.entries(entry);
    if (!pair || extra.length > 0 || (pair[1] !== 'asc' && pair[1] !== 'desc')) {
      throw new TypeError(`a keyset order names one column and 'asc' or 'desc' per entry, not ${JSON.stringify(entry)}`);
    }
    return pair as [string, Direction];
  });
}

/**
 * The rows after (or, paging backwards, before) `row` in `order`, as a Prisma where:
 * (c1 after v1) OR (c1 = v1 AND c2 after v2) OR …, and the row itself when `inclusive`.
 * Null when the row has a null in an order column: nulls sort apart, and such a page is left
 * to Prisma's own cursor.
 */
export function keysetCondition(
  order: KeysetOrder,
  row: Readonly<Record<string, unknown>>,
  { backward, inclusive }: { backward: boolean; inclusive: boolean },
): KeysetCondition | null {
  const cols = columns(order);
  if (cols.some(([column]) => row[column] === null || row[column] === undefined)) return null;
  const equal = (column: string) => ({ [column]: row[column] });
  const branches = cols.map(([column, direction], index) => {
    const ascending = (direction === 'asc') !== backward;
    return { AND: [...cols.slice(0, index).map(([c]) => equal(c)), { [column]: { [ascending ? 'gt' : 'lt']: row[column] } }] };
  });
  if (inclusive) branches.push({ AND: cols.map(([c]) => equal(c)) });
  return { OR: branches };
}

/** The columns to read from the cursor's row: `{ publishedAt: true, id: true }`. */
export function keysetSelect(order: KeysetOrder): Record<string, true> {
  return Object.fromEntries(columns(order).map(([column]) => [column, true]));
}

/**
 * The pseudo-field article connections take their cursors from (`cursor: PAGE_KEY`, declared
 * to Pothos in src/schema/builder.ts; never sent to Prisma): each row of an article list gets
 * its page key, the values of the list's order columns, so the cursor Pothos formats from it
 * says where the page ends without naming a row to look up.
 */
export const PAGE_KEY = 'pageKey';

/**
 * A row's page key in `order`: each order value as a tagged cursor chunk (`D:<ms>`, `N:<id>`),
 * so a date comes back a date. A row with a null in an order column keys by its id alone (the
 * older cursor form), since nulls sort apart.
 */
export function pageKey(order: KeysetOrder, row: Readonly<Record<string, unknown>>): string[] | number {
  const cols = columns(order);
  if (cols.some(([column]) => row[column] === null || row[column] === undefined)) return row.id as number;
  return cols.map(([column]) => encodeCursorChunk(row[column]));
}

/**
 * A page key as a cursor may carry one: an instant (`D:`, within the years 1–9999) then a row
 * id (`N:`, 1…2147483647), the shape of every article list's order. Null for anything else.
 */
export function parsePageKey(value: unknown): [Date, number] | null {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((chunk) => typeof chunk === 'string')) return null;
  const [instant, id] = value as [string, string];
  if (!/^D:-?\d{1,15}$/.test(instant) || !/^N:[1-9]\d{0,9}$/.test(id)) return null;
  const at = decodeCursorChunk(instant) as Date;
  const rowId = decodeCursorChunk(id) as number;
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1 || at.getUTCFullYear() > 9999 || rowId > 2_147_483_647) return null;
  return [at, rowId];
}

export type KeysetPage =
  /** Query with `where` AND-ed in (`withKeyset`), `take` as given, no cursor, no skip. */
  | { kind: 'keyset'; where: KeysetCondition | null; take: number }
  /** The cursor's row is gone: nothing follows it. */
  | { kind: 'empty' }
  /** Leave the cursor to Prisma (a null in an order column). */
  | { kind: 'prisma' };

/**
 * Turns Pothos' window into a keyset page, reading the cursor's row with `readCursorRow`
 * (one small statement by primary key, only when there is a cursor).
 */
export async function keysetPage(
  window: ConnectionWindow,
  order: KeysetOrder,
  readCursorRow: (id: number, select: Record<string, true>) => Promise<Record<string, unknown> | null>,
): Promise<KeysetPage> {
  const given = window.cursor && PAGE_KEY in window.cursor ? window.cursor[PAGE_KEY] : window.cursor?.id;
  const key = parsePageKey(given);
  if (key) {
    // The cursor says where the page ends: no statement. Its values are read positionally, so
    // a key from Article(publishedAt, id) pages ArticleTag(visibleAt, articleId) alike.
    const cols = columns(order);
    if (cols.length !== key.length) return { kind: 'empty' };
    const row = Object.fromEntries(cols.map(([column], index) => [column, key[index]]));
    return {
      kind: 'keyset',
      where: keysetCondition(order, row, { backward: window.take < 0, inclusive: window.skip === 0 }),
      take: window.take,
    };
  }
  const id = typeof given === 'number' ? given : undefined;
  // A cursor that is neither (the argument stage refuses those first) names nothing.
  if (id === undefined && window.cursor && PAGE_KEY in window.cursor) return { kind: 'empty' };
  if (id === undefined) return window.cursor ? { kind: 'prisma' } : { kind: 'keyset', where: null, take: window.take };
  const row = await readCursorRow(id, keysetSelect(order));
  if (!row) return { kind: 'empty' };
  const where = keysetCondition(order, row, { backward: window.take < 0, inclusive: window.skip === 0 });
  return where ? { kind: 'keyset', where, take: window.take } : { kind: 'prisma' };
}

/** A list's own where with a page's keyset condition AND-ed in (the where alone on a first page). */
export function withKeyset<Where extends object>(where: Where, condition: KeysetCondition | null): Where {
  return condition ? ({ AND: [where, condition] } as Where) : where;
}

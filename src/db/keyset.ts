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
 */

export type Direction = 'asc' | 'desc';
/**
 * An order as Prisma takes it, `[{ publishedAt: 'desc' }, { id: 'desc' }]`: one column per
 * entry, plain directions only, the last column unique (an id). Checked when used.
 */
export type KeysetOrder = readonly object[];

/** What Pothos hands a connection's resolver (prismaCursorConnectionQuery). */
export interface ConnectionWindow {
  cursor?: { id?: number };
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
  const id = window.cursor?.id;
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

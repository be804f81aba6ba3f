/**
 * `totalCount` and `totalCountIsExact` on a connection (src/db/counts.ts: counters or a cap
 * of COUNT_CAP). Pothos hands a connection's count over as a thunk typed as a number; ours
 * returns a BoundedCount, and both fields share its one statement.
 */
import { COUNT_CAP, type BoundedCount } from '../db/counts.js';
import { builder } from './builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * What a count costs in the cost model (src/server/count-cost.ts adds it to Pothos's estimate,
 * whose unit is one field of one row returned), once per time its connection is resolved,
 * whatever the page size. Scaled on the 10k figures of BENCHMARKS.md#counts, where a 20-article
 * page with related lists (cost 221) takes about 25 ms:
 * - counter: one statement reading a counter and an index range of scheduled articles, a few ms;
 * - capped: one statement reading up to COUNT_CAP + 1 index entries, ~20 ms more than a counter;
 * - search: the full-text match over up to COUNT_CAP + 1 hits (the GIN bitmap of every word),
 *   about three times a capped count.
 */
export const COUNT_PRICES = { counter: 5, capped: 100, search: 300 } as const;
/** A connection field's count price: fixed, or decided by its arguments (a filter or none). */
export type CountPrice = number | ((args: Record<string, unknown>) => number);
/** The fields that share a connection's one count statement. */
export const COUNT_FIELDS: ReadonlySet<string> = new Set(['totalCount', 'totalCountIsExact']);

/** For a connection field's `extensions`: what its `totalCount` costs (the capped price when absent). */
export const countPrice = (price: CountPrice) => ({ countPrice: price });

/** For prismaConnection's `totalCount` option, typed as Pothos expects. */
export function boundedTotal(count: Promise<BoundedCount>): Promise<number> {
  return count as unknown as Promise<number>;
}

const counted = new WeakMap<object, Promise<BoundedCount>>();

function countOf(connection: object): Promise<BoundedCount> {
  let count = counted.get(connection);
  if (!count) {
    const thunk = (connection as { totalCount?: number | BoundedCount | (() => unknown) }).totalCount;
    const value = typeof thunk === 'function' ? thunk() : thunk;
    count = Promise.resolve(value).then((n) =>
      typeof n === 'number' ? { count: n, exact: true } : ((n as BoundedCount | undefined) ?? { count: 0, exact: true }),
    );
    counted.set(connection, count);
  }
  return count;
}

/** The two count fields of a connection whose `totalCount` is a BoundedCount (or its thunk, or a number). */
export function countFields<Shape extends object>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>, what: string) {
  // Priced per connection, not per row of the page: see COUNT_PRICES.
  const priced = { complexity: 0, extensions: { boundedCount: true } };
  return {
    totalCount: t.int({
      ...priced,
      description:
        `How many ${what} the whole list has, across all pages; at most ${COUNT_CAP}: when there are more, ` +
        `${COUNT_CAP} and \`totalCountIsExact\` false.`,
      resolve: async (connection) => (await countOf(connection)).count,
    }),
    totalCountIsExact: t.boolean({
      ...priced,
      description: `False when the list has more than ${COUNT_CAP} ${what} and \`totalCount\` says ${COUNT_CAP}.`,
      resolve: async (connection) => (await countOf(connection)).exact,
    }),
  };
}

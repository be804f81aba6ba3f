/**
 * `totalCount` and `totalCountIsExact` on a connection (src/db/counts.ts: counters or a cap
 * of COUNT_CAP). Pothos hands a connection's count over as a thunk typed as a number; ours
 * returns a BoundedCount, and both fields share its one statement.
 */
import { COUNT_CAP, type BoundedCount } from '../db/counts.js';
import { builder } from './builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

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
export function countFields<Shape extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>,
  what: string,
  { complexity }: { complexity?: number } = {},
) {
  return {
    totalCount: t.int({
      ...(complexity !== undefined ? { complexity } : {}),
      description:
        `How many ${what} the whole list has, across all pages; at most ${COUNT_CAP}: when there are more, ` +
        `${COUNT_CAP} and \`totalCountIsExact\` false.`,
      resolve: async (connection) => (await countOf(connection)).count,
    }),
    totalCountIsExact: t.boolean({
      description: `False when the list has more than ${COUNT_CAP} ${what} and \`totalCount\` says ${COUNT_CAP}.`,
      resolve: async (connection) => (await countOf(connection)).exact,
    }),
  };
}

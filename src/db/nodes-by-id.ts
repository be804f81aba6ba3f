/**
 * `nodes(ids:)` in one statement per type: Pothos loads each node with a findUnique of its
 * own (20,000 ids were 20,000 statements), so the ids are grouped by type and each group read
 * with one findMany, under the same visibility rule as `node(id:)` and every other path.
 */
import { brandWithType } from '@pothos/core';
import type { Prisma } from '../generated/prisma/client.js';
import { visibleArticles, visibleAuthors, visibleCategories, visibleTags } from './visibility.js';

type Client = Pick<Prisma.TransactionClient, 'article' | 'tag' | 'author' | 'category'>;
type Selection = { select?: Record<string, unknown>; include?: Record<string, unknown> };
interface FindMany {
  findMany(args: object): Promise<{ id: number }[]>;
}

const MODELS: Record<string, (prisma: Client, ctx: { now: Date }) => { delegate: FindMany; visible: object }> = {
  Article: (prisma, ctx) => ({ delegate: prisma.article as unknown as FindMany, visible: visibleArticles(ctx) }),
  Tag: (prisma, ctx) => ({ delegate: prisma.tag as unknown as FindMany, visible: visibleTags(ctx) }),
  Author: (prisma, ctx) => ({ delegate: prisma.author as unknown as FindMany, visible: visibleAuthors(ctx) }),
  Category: (prisma, ctx) => ({ delegate: prisma.category as unknown as FindMany, visible: visibleCategories(ctx) }),
};

/**
 * The nodes in the order of `ids`, null for an id of an unknown type, an unknown row or one a
 * reader may not see. `selectionFor` gives Pothos' selection for a type (queryFromInfo).
 * Ids are valid int4 numbers by now (src/validation/argument-stage.ts).
 */
export async function loadNodes(
  prisma: Client,
  ctx: { now: Date },
  ids: readonly { typename: string; id: string }[],
  selectionFor: (typename: string) => Selection,
): Promise<(object | null)[]> {
  const byType = new Map<string, number[]>();
  for (const { typename, id } of ids) {
    if (!MODELS[typename]) continue;
    const group = byType.get(typename) ?? [];
    group.push(Number(id));
    byType.set(typename, group);
  }
  const found = new Map<string, object>();
  await Promise.all(
    [...byType].map(async ([typename, numbers]) => {
      const { delegate, visible } = MODELS[typename]!(prisma, ctx);
      const selection = selectionFor(typename);
      const rows = await delegate.findMany({
        ...selection,
        ...(selection.select ? { select: { ...selection.select, id: true } } : {}),
        where: { AND: [{ id: { in: [...new Set(numbers)] } }, visible] },
      });
      for (const row of rows) {
        // The Node interface tells the type of a row by this brand, as for Pothos' own loads.
        brandWithType(row, typename as never);
        found.set(`${typename}:${row.id}`, row);
      }
    }),
  );
  return ids.map(({ typename, id }) => found.get(`${typename}:${Number(id)}`) ?? null);
}

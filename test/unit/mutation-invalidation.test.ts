/**
 * Every mutation declares what it purges beside its definition (src/cache/invalidation.ts):
 * a new mutation without a declaration fails here instead of leaving caches stale.
 */
import { describe, expect, it } from 'vitest';
import { invalidationOf } from '../../src/cache/invalidation.js';
import { schema } from '../../src/schema/index.js';

describe('invalidation of mutations', () => {
  const fields = Object.values(schema.getMutationType()!.getFields());

  it('is declared on every Mutation field', () => {
    expect(fields.length).toBeGreaterThan(0);
    const undeclared = fields.filter((field) => !invalidationOf(field)).map((field) => field.name);
    expect(undeclared, 'Mutation fields without extensions.invalidation').toEqual([]);
  });

  it('names a taxonomy entity, publication events, or why there is nothing to purge', () => {
    for (const field of fields) {
      const invalidation = invalidationOf(field)!;
      if (invalidation.by === 'taxonomy') expect(['Tag', 'Author', 'Category']).toContain(invalidation.entity);
      else if (invalidation.by === 'nothing') expect(invalidation.reason.length).toBeGreaterThan(10);
      else expect(invalidation.by).toBe('publication-events');
    }
  });
});

/**
 * What each mutation purges, declared beside it: every Mutation field carries
 * `extensions.invalidation` (a test walks the schema and fails on a field without one).
 *
 * - `publication-events`: article writes. What they purge is derived from the publication
 *   events their transaction writes (src/events/outbox.ts `recordArticleChange`, tags from
 *   src/cache/tags.ts `tagsOfArticleEvent`): nothing for a draft, the article, its lists,
 *   sections, author, day and related lists for what readers see.
 * - `taxonomy`: a tag, author or section write purges that entity and the list of its kind
 *   (`taxonomyPurgeTags`), written as a TAXONOMY event in the same transaction.
 * - `nothing`: the mutation changes nothing a reader can see (the reason says why).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLField } from 'graphql';
import { LIST_AUTHOR, LIST_CATEGORY, LIST_TAG } from './tags.js';

export type TaxonomyEntity = 'Tag' | 'Author' | 'Category';

export type Invalidation = { by: 'publication-events' } | { by: 'taxonomy'; entity: TaxonomyEntity } | { by: 'nothing'; reason: string };

const LIST_OF: Record<TaxonomyEntity, string> = { Tag: LIST_TAG, Author: LIST_AUTHOR, Category: LIST_CATEGORY };

/** For a mutation field's options: `extensions: invalidates({ by: 'taxonomy', entity: 'Tag' })`. */
export function invalidates(invalidation: Invalidation): { invalidation: Invalidation } {
  return { invalidation };
}

export function invalidationOf(field: GraphQLField<unknown, unknown>): Invalidation | undefined {
  return (field.extensions as { invalidation?: Invalidation } | undefined)?.invalidation;
}

/** The tags a taxonomy write purges: the entity (by its Relay global id) and its list. */
export function taxonomyPurgeTags(entity: TaxonomyEntity, id: number): string[] {
  return [`${entity}:${encodeGlobalID(entity, id)}`, LIST_OF[entity]];
}

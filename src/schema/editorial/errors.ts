/**
 * Typed outcomes of editorial mutations (plugin-errors): a mutation returns its result or
 * one of these, which a client handles as data. Authorization failures stay top-level
 * errors (FORBIDDEN / UNAUTHENTICATED): they are about the request, not the content.
 */
import { InvalidInputError, NotFoundError, VersionConflictError } from '../../content/editorial-errors.js';
import type { FieldIssue } from '../../content/input-rules.js';
import { builder } from '../builder.js';

export const EditorialError = builder.interfaceRef<Error>('EditorialError').implement({
  description: 'Why an editorial mutation changed nothing.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where, e.g. ["input", "title"] or ["input", "tags", "2"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'ValidationError',
  description: 'The input was refused; `issues` names every field at fault. Nothing was written.',
  interfaces: [EditorialError],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [EditorialError],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description: 'Someone saved the article after the version this change was based on. Nothing was written.',
  interfaces: [EditorialError],
  isTypeOf: (value) => value instanceof VersionConflictError,
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion'),
    currentUpdatedAt: t.field({ type: 'DateTime', resolve: (error) => error.currentUpdatedAt }),
  }),
});

export const writeErrors = [InvalidInputError, NotFoundError, VersionConflictError];

/**
 * A mutation's result loaded with the client's selection. A client asking only for
 * __typename leaves Pothos's selection empty, which Prisma refuses: the id is always read.
 */
export function selectingId<Q extends { select?: object }>(query: Q): Q {
  return query.select ? { ...query, select: { id: true, ...query.select } } : query;
}

/**
 * Outcomes of editorial writes that a client handles, as opposed to failures. Messages name
 * rows by the global id the API hands out (the `id` field), never by the database key: a
 * client can only act on ids it has seen, and the numbering of rows is not its business.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { FieldIssue } from './input-rules.js';

/** The GraphQL types an editorial write can name. */
export type EditorialEntity = 'Article' | 'Tag' | 'Author' | 'Category';

export class InvalidInputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid input: ${issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly entity: EditorialEntity,
    readonly id: number,
  ) {
    super(`No ${entity} with id ${encodeGlobalID(entity, id)}`);
    this.name = 'NotFoundError';
  }
}

/** Another editor saved first: the update was based on an older version. */
export class VersionConflictError extends Error {
  constructor(
    readonly articleId: number,
    readonly expectedVersion: number,
    readonly currentVersion: number,
    readonly currentUpdatedAt: Date,
  ) {
    super(
      `Article ${encodeGlobalID('Article', articleId)} is at version ${currentVersion}; this change was based on version ${expectedVersion}. Reload, merge and save again.`,
    );
    this.name = 'VersionConflictError';
  }
}

/** Outcomes of editorial writes that a client handles, as opposed to failures. */
import type { FieldIssue } from './editorial-input.js';

export class InvalidInputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid input: ${issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: number | string,
  ) {
    super(`No ${entity} ${JSON.stringify(id)}`);
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
      `Article ${articleId} is at version ${currentVersion}; this change was based on version ${expectedVersion}. Reload, merge and save again.`,
    );
    this.name = 'VersionConflictError';
  }
}

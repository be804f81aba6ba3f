/**
 * What an editor may send besides articles (src/content/article-input.ts): tags, authors and
 * sections, under the same rules (src/content/input-rules.ts). Validation is pure and reports
 * every problem at once, each with the path of the field it concerns, so a CMS can mark the
 * fields in its form.
 */
import { z } from 'zod';
import { InvalidInputError } from './editorial-errors.js';
import { fieldIssues, integer, name, optionalText, slug, type FieldIssue } from './input-rules.js';

export const tagSchema = z.object({ name: name(100), slug: slug.optional() });
export const authorSchema = z.object({ name: name(200), slug: slug.optional(), bio: optionalText(5000) });
export const categorySchema = z.object({
  name: name(200),
  slug: slug.optional(),
  description: optionalText(5000),
  parent: slug.nullish(),
  position: integer(0, 10_000).optional(),
});

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Runs a schema; issues carry paths prefixed with the argument name ("input.title"). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, argument = 'input'): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: fieldIssues(result.error.issues, [argument]) };
}

/** The valid value, or InvalidInputError listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argument = 'input'): z.output<S> {
  const result = validate(schema, value, argument);
  if (!result.ok) throw new InvalidInputError(result.issues);
  return result.value;
}

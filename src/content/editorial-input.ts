/**
 * What an editor may send. Validation is pure and reports every problem at once, each with
 * the path of the field it concerns, so a CMS can mark the fields in its form.
 */
import { z } from 'zod';
import { normalizeText } from '../domain/vietnamese.js';
import { hasControlCharacters } from '../validation/read-arguments.js';
import { InvalidInputError } from './editorial-errors.js';

/** A whole article body, all paragraphs together; a 10 MB paste is a mistake, not a story. */
export const MAX_BODY_CHARACTERS = 200_000;

/** No NUL (PostgreSQL cannot store it) nor any other control character but tab and line breaks. */
const plainString = () => z.string().refine((value) => !hasControlCharacters(value), 'must not contain control characters (such as NUL)');
const text = (max: number) => plainString().max(max, `must be at most ${max} characters`).transform(normalizeText);
const requiredText = (max: number) =>
  plainString()
    .transform((value) => normalizeText(value).trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
const slugRef = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug such as "thoi-su"');

const image = z.object({
  src: text(2000).nullish(),
  caption: text(2000).nullish(),
  alt: text(2000).nullish(),
  width: z.number().int().positive().max(100_000).nullish(),
  height: z.number().int().positive().max(100_000).nullish(),
});

const articleFields = {
  title: requiredText(500),
  lead: text(5000),
  body: z
    .array(text(MAX_BODY_CHARACTERS))
    .max(1000, 'must have at most 1000 paragraphs')
    .refine((paragraphs) => paragraphs.reduce((sum, p) => sum + p.length, 0) <= MAX_BODY_CHARACTERS, {
      message: `must be at most ${MAX_BODY_CHARACTERS} characters in all`,
    }),
  dateline: text(200).nullable(),
  tags: z.array(requiredText(100)).max(30, 'must have at most 30 tags'),
  category: slugRef.nullable(),
  author: slugRef.nullable(),
  images: z.array(image).max(50, 'must have at most 50 images'),
};

export const articleDraftSchema = z.object({
  ...articleFields,
  lead: articleFields.lead.default(''),
  body: articleFields.body.default([]),
  dateline: articleFields.dateline.default(null),
  tags: articleFields.tags.default([]),
  category: articleFields.category.default(null),
  author: articleFields.author.default(null),
  images: articleFields.images.default([]),
});
export type ArticleDraft = z.output<typeof articleDraftSchema>;

/** An update changes only the fields it names. */
export const articleChangesSchema = z.object(articleFields).partial();
export type ArticleChanges = z.output<typeof articleChangesSchema>;

export const tagSchema = z.object({ name: requiredText(100), slug: slugRef.optional() });
export const authorSchema = z.object({ name: requiredText(200), slug: slugRef.optional(), bio: text(5000).nullish() });
export const categorySchema = z.object({
  name: requiredText(200),
  slug: slugRef.optional(),
  description: text(5000).nullish(),
  parent: slugRef.nullish(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export interface FieldIssue {
  path: string[];
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Runs a schema; issues carry paths prefixed with the argument name ("input.title"). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, argument = 'input'): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: [argument, ...issue.path.map(String)], message: issue.message })),
  };
}

/** The valid value, or InvalidInputError listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argument = 'input'): z.output<S> {
  const result = validate(schema, value, argument);
  if (!result.ok) throw new InvalidInputError(result.issues);
  return result.value;
}

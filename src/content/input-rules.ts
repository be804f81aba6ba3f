/**
 * The rules every piece of content from outside obeys, whichever door it came through (an
 * editorial mutation, `npm run import`, the fixture): zod schemas for text, names, slugs,
 * integers and date-times, and one way of turning zod's issues into field issues. Each check
 * reports at most one problem per field, the first that applies, so an editor reads one
 * actionable message per field instead of a cascade.
 */
import { z } from 'zod';
import { parseInstant } from '../domain/local-time.js';
import { normalizeText, slugify } from '../domain/vietnamese.js';
import { hasControlCharacters } from '../validation/read-arguments.js';

/** One problem with one field; `path` starts at the value validated ("images", 0, "width"). */
export interface FieldIssue {
  path: string[];
  message: string;
}

/** Text fields are required unless wrapped in `.nullish()`; a missing one says so rather than "not a string". */
const stringType = () => z.string({ error: (issue) => (issue.input == null ? 'is required' : 'must be a string') });

/**
 * Text fit for storage: no NUL (PostgreSQL cannot store it in text or jsonb, and it would fail a
 * whole import batch) nor other control characters but tab and line breaks; NFC (so "ế" is one
 * code point, the form slugs, search and comparisons expect); trimmed; at most `max` characters,
 * counted as characters, not UTF-16 units.
 */
export function text(max: number, { required = false } = {}) {
  return stringType().transform((value, ctx) => {
    const problem = value.includes('\u0000')
      ? 'must not contain NUL characters'
      : hasControlCharacters(value)
        ? 'must not contain control characters'
        : null;
    const clean = problem ? '' : normalizeText(value).trim();
    const message =
      problem ?? (required && clean === '' ? 'must not be empty' : [...clean].length > max ? `must be at most ${max} characters` : null);
    if (message) {
      ctx.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return clean;
  });
}

/** Optional text: absent, null and blank all mean "none" (null). */
export const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => value || null);

/** A name that becomes a slug (tag, author, section) must leave something after folding. */
export const name = (max: number) =>
  text(max, { required: true }).refine((value) => slugify(value) !== '', 'must contain a letter or a digit');

const SLUG_MESSAGE = 'must be lowercase letters and digits joined by single dashes, like "luc-yen"';
export const slug = z.string({ error: SLUG_MESSAGE }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, SLUG_MESSAGE);

/** A whole number from `min` to `max`; one message for the wrong type and for too small. */
export function integer(min: number, max: number) {
  const message = `must be an integer of at least ${min}`;
  return z
    .number({ error: message })
    .refine((value) => Number.isSafeInteger(value) && value >= min, message)
    .refine((value) => value <= max, `must be at most ${max}`);
}

/** A list whose elements are checked one by one; every bad element is reported under its index. */
export const list = <T extends z.ZodType>(item: T, max: number, noun: string) =>
  z.array(item, { error: 'must be an array' }).max(max, `must have at most ${max} ${noun}`);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// Stricter than parseInstant, which also takes a bare date: a time from outside must say its zone.
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What is wrong with a date-time that has the right shape but is not on the calendar or the clock. */
function impossibleDateTime(value: string): string {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12) return `${value.slice(0, 10)} has no month ${month}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${value.slice(0, 10)} is not on the calendar: ${MONTHS[month - 1]} ${year} has ${days} days`;
  const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(value)![0];
  const clock = value.slice(11, value.length - offset.length);
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return `${offset} is not a time-zone offset`;
  return `${clock} is not a time of day`;
}

/** An ISO-8601 date-time with an offset that exists; kept as written (the offset is the newsroom's). */
export const dateTimeWithOffset = z.unknown().transform((value, ctx) => {
  let message: string | null = null;
  if (typeof value !== 'string' || !DATE_TIME_WITH_OFFSET.test(value)) {
    const missingOffset = typeof value === 'string' && DATE_TIME_WITH_OFFSET.test(`${value}+07:00`);
    message = missingOffset
      ? 'has no offset: add one, like 2024-03-04T14:26:47+07:00 for a time in Vietnam'
      : 'must be an ISO-8601 date-time with an offset, like 2024-03-04T14:26:47+07:00';
  } else if (!parseInstant(value)) message = impossibleDateTime(value);
  if (message) {
    ctx.issues.push({ code: 'custom', message, input: value });
    return z.NEVER;
  }
  return value as string;
});

/**
 * zod's issues as field issues. A union (a section given by name or as an object) reports the
 * problems of the branch the value was meant for, the one whose shape it has, rather than
 * "no branch matched".
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const meant = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      if (meant.length === 1) return fieldIssues(meant[0]!, path);
    }
    return [{ path: path.map(String), message: issue.message }];
  });
}

/** "images[0].width: must be an integer of at least 1", as a person fixing a file reads it. */
export function describeIssue(issue: FieldIssue): string {
  const where = issue.path.map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
  return where ? `${where}: ${issue.message}` : issue.message;
}

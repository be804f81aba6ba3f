/**
 * The one convention for GraphQL `null`, applied to every argument and input field:
 *
 * - **null and omitted mean the same thing, "not given"**: the default applies, and an update
 *   leaves the field as it is. Many clients serialise an unset form field as null; reading it
 *   as "erase" would wipe a title or a tag list by accident. Read arguments follow it too
 *   (`args.x == null`, never `=== null` or `=== undefined`).
 * - **except for a field that can be cleared** (an optional reference or text: an article's
 *   section, author and dateline, an author's bio, a section's description and parent): there
 *   `null` means "none" and omitted means "leave as is". Each mutation names these fields, so
 *   the exception is visible where the input is read.
 *
 * GraphQL cannot express "required when present" for an input field, which is why the rule is
 * code: `fromGraphQLInput` turns an input object into what the zod schemas expect (absent keys
 * for "not given", null only where it clears).
 */
export function fromGraphQLInput<T extends object>(input: T, clearable: readonly (keyof T & string)[] = []): { [K in keyof T]?: T[K] } {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && (value !== null || clearable.includes(key as keyof T & string))),
  ) as { [K in keyof T]?: T[K] };
}

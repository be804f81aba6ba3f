/**
 * What a read argument may be, as pure functions: global ids, connection cursors, slugs and
 * free text. PostgreSQL refuses a NUL byte in text and an integer past int4, and Prisma turns
 * either into an unexpected error; these checks refuse them first, as the client's mistake
 * with a stable code. src/validation/argument-stage.ts applies them to every argument of a
 * request before anything resolves.
 */
import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import { ErrorCode, userError } from '../errors/catalogue.js';
import { parsePageKey } from '../db/keyset.js';

/** PostgreSQL's int4, the type of every id column. */
export const MAX_ROW_ID = 2_147_483_647;
/** Longest slug argument: slugs are made from titles and names, far shorter. */
export const MAX_SLUG_LENGTH = 200;
/** Longest free-text argument of a read (a search query has its own, shorter limit). */
export const MAX_TEXT_LENGTH = 1000;
/** Global ids and cursors this API gives out are short. */
const MAX_TOKEN_LENGTH = 200;

/**
 * C0 controls other than tab, line feed and carriage return, DEL, and C1 controls. NUL is the
 * one PostgreSQL cannot store; the rest have no business in a slug, a title or a query either.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** A row id as a client may name one: a decimal integer from 1 to int4's maximum. */
export function parseRowId(text: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ROW_ID ? id : null;
}

/** The problem with a global id ("Article:12", base64), or null when it is well formed. */
export function globalIdProblem(value: unknown, argument: string): GraphQLError | null {
  const invalid = (why: string) =>
    userError(ErrorCode.INVALID_ID, `"${argument}" is not a global id this API gave out: ${why}`, { argument });
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) return invalid('wrong length');
  let decoded: string;
  try {
    decoded = decodeBase64(value);
  } catch {
    return invalid('not base64');
  }
  const match = /^([A-Z][A-Za-z]*):(.*)$/s.exec(decoded);
  if (!match) return invalid('no type name');
  if (parseRowId(match[2]!) === null) return invalid(`the id must be a whole number from 1 to ${MAX_ROW_ID}`);
  return null;
}

/**
 * The problem with a connection cursor (`after`/`before` of a Pothos connection paged by id:
 * base64 of "GPC:N:<id>"), or null. Anything else decodes to a key PostgreSQL cannot compare
 * with an int4 id: a string, an object, a number out of range. An article list (`pageKeys`)
 * also takes its page keys: "GPC:O:" and a JSON pair of an instant and an id
 * (src/db/keyset.ts `parsePageKey`).
 */
export function connectionCursorProblem(value: unknown, argument: string, { pageKeys = false } = {}): GraphQLError | null {
  const invalid = () => userError(ErrorCode.INVALID_CURSOR, `"${argument}" is not a cursor this API gave out`, { argument });
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) return invalid();
  let key: unknown;
  try {
    const decoded = decodeBase64(value);
    if (pageKeys && decoded.startsWith('GPC:O:')) return parsePageKey(decodeCursorChunk(decoded.slice(4))) ? null : invalid();
    if (!decoded.startsWith('GPC:N:')) return invalid();
    key = decodeCursorChunk(decoded.slice(4));
  } catch {
    return invalid();
  }
  return typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= MAX_ROW_ID ? null : invalid();
}

/** The problem with a free-text argument (control characters, length), or null. */
export function textProblem(value: unknown, argument: string, maxLength = MAX_TEXT_LENGTH): GraphQLError | null {
  if (typeof value !== 'string') return null;
  if (hasControlCharacters(value)) {
    return userError(ErrorCode.BAD_USER_INPUT, `"${argument}" contains a control character (such as NUL)`, { argument });
  }
  if (value.length > maxLength) {
    return userError(ErrorCode.BAD_USER_INPUT, `"${argument}" is ${value.length} characters long; at most ${maxLength}`, {
      argument,
      maxLength,
    });
  }
  return null;
}

/** A slug names a tag, author or section; an unknown one simply finds nothing. */
export function slugProblem(value: unknown, argument: string): GraphQLError | null {
  return textProblem(value, argument, MAX_SLUG_LENGTH);
}

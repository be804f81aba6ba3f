/**
 * What a reader types into the search box → the words to search for. Pure, so the rules are
 * tested without a database.
 *
 * A word is a run of letters and digits (after NFC); everything else — spaces, punctuation,
 * quotes, and every tsquery or SQL metacharacter (& | ! ( ) : * ' \ …) — only separates words.
 * The database's own tokenizer is fed the same way (search_fold / search_lower in the
 * vietnamese_search migration), so both sides see the same words, and the user's text never
 * reaches a tsquery parser: the words go to plainto_tsquery as a bound parameter.
 */
import { foldDiacritics } from './vietnamese.js';

/** Fewer letters and digits than this (over all words) cannot be searched: "a", "đ", "?!". */
export const MIN_SEARCH_QUERY_CHARS = 2;
/** Longer queries are refused rather than cut: a pasted headline is ~120 characters. */
export const MAX_SEARCH_QUERY_CHARS = 200;
/** Each word is one more index lookup; a headline has about 20. */
export const MAX_SEARCH_QUERY_WORDS = 32;

export interface TextWord {
  /** The word as written (NFC). */
  text: string;
  /** Offsets in the NFC text. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text with their offsets. The text should be NFC (stored content is). */
export function textWords(text: string): TextWord[] {
  return [...text.matchAll(WORD)].map((match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Lower case, no diacritics, đ → d: "Khéo" → "kheo", "Đức" → "duc". */
export function foldWord(word: string): string {
  return foldDiacritics(word).toLowerCase();
}

/** Lower case with diacritics kept: "LỤC" → "lục". */
export function lowerWord(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

/** True when the word carries a diacritic (or đ) that folding removes: "lục", not "luc" or "400". */
export function hasDiacritics(word: string): boolean {
  return foldWord(word) !== lowerWord(word);
}

export interface SearchQuery {
  /** The words as typed (NFC, original case), in order. */
  words: string[];
  /** The same words folded, for matching. */
  folded: string[];
  /**
   * The words joined by single spaces: the only text sent to the database, where it is
   * folded and lower-cased by the same functions that index the articles.
   */
  text: string;
}

export type SearchQueryProblem =
  | { problem: 'TOO_SHORT'; message: string; minChars: number }
  | { problem: 'TOO_LONG'; message: string; maxChars: number; maxWords: number };

export type ParsedSearchQuery = ({ ok: true } & SearchQuery) | ({ ok: false } & SearchQueryProblem);

/** Parses a search box's text; never throws. */
export function parseSearchQuery(input: string): ParsedSearchQuery {
  const text = input.normalize('NFC').trim();
  // Characters, not UTF-16 units: "ế" is one whatever the editor sent.
  const length = [...text].length;
  if (length > MAX_SEARCH_QUERY_CHARS) {
    return {
      ok: false,
      problem: 'TOO_LONG',
      message: `The search query is too long: ${length} characters, at most ${MAX_SEARCH_QUERY_CHARS}`,
      maxChars: MAX_SEARCH_QUERY_CHARS,
      maxWords: MAX_SEARCH_QUERY_WORDS,
    };
  }
  const words = textWords(text).map((word) => word.text);
  const letters = words.reduce((sum, word) => sum + [...word].length, 0);
  if (letters < MIN_SEARCH_QUERY_CHARS) {
    return {
      ok: false,
      problem: 'TOO_SHORT',
      message: `The search query needs at least ${MIN_SEARCH_QUERY_CHARS} letters or digits`,
      minChars: MIN_SEARCH_QUERY_CHARS,
    };
  }
  if (words.length > MAX_SEARCH_QUERY_WORDS) {
    return {
      ok: false,
      problem: 'TOO_LONG',
      message: `The search query has too many words: ${words.length}, at most ${MAX_SEARCH_QUERY_WORDS}`,
      maxChars: MAX_SEARCH_QUERY_CHARS,
      maxWords: MAX_SEARCH_QUERY_WORDS,
    };
  }
  return { ok: true, words, folded: words.map(foldWord), text: words.join(' ') };
}

/**
 * Reading time at an adult's silent reading pace. Vietnamese is written as space-separated
 * syllables; readers get through about 200 words a minute on news text.
 */
export const WORDS_PER_MINUTE = 200;

export function countWords(texts: readonly string[]): number {
  let words = 0;
  for (const text of texts) {
    const matches = text.match(/[\p{L}\p{N}]+/gu);
    words += matches ? matches.length : 0;
  }
  return words;
}

/** At least one minute: a brief is still something to read. */
export function readingTimeMinutes(texts: readonly string[]): number {
  return Math.max(1, Math.round(countWords(texts) / WORDS_PER_MINUTE));
}

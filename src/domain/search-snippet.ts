/**
 * The passage of a search hit that shows why it matched, in the article's own spelling
 * (diacritics intact), with the matching words between « and »:
 *
 *   query "dan van kheo" → "… mô hình «Dân vận khéo» trên các lĩnh vực …"
 *
 * Pure: it reads the texts the search statement returns and the query's words. A word
 * matches when its folded form equals a query word's (the same rule the index uses).
 */
import { foldWord, hasDiacritics, lowerWord, textWords, type TextWord } from './search-query.js';

export const SNIPPET_MARK_START = '«';
export const SNIPPET_MARK_END = '»';
export const SNIPPET_ELLIPSIS = '…';

/** Words in a snippet; a short passage (a title, a one-line lead) is shown whole. */
export const SNIPPET_WORDS = 30;
/** Words of context kept before the first match of the chosen window. */
export const SNIPPET_CONTEXT_WORDS = 6;

export type SnippetField = 'TITLE' | 'LEAD' | 'BODY';

export interface SnippetPassage {
  field: SnippetField;
  text: string;
}

export interface Snippet {
  field: SnippetField;
  text: string;
}

interface Candidate {
  passage: SnippetPassage;
  words: TextWord[];
  /** Per word: the index of the query word it matches, or -1. */
  matches: number[];
  /** Per word: whether it matches with the diacritics the reader typed. */
  exact: boolean[];
  start: number;
  end: number;
  score: number;
}

/**
 * Picks the best window over all passages: most distinct query words, then most adjacent
 * query words in the query's order (a phrase), then most words matching with the reader's
 * diacritics. Ties go to the earlier passage (pass lead and body before the title, which a
 * results page shows anyway) and the earlier window.
 */
export function buildSnippet(passages: readonly SnippetPassage[], queryWords: readonly string[], maxWords = SNIPPET_WORDS): Snippet {
  const folded = queryWords.map(foldWord);
  const exactForms = queryWords.map((word) => (hasDiacritics(word) ? lowerWord(word) : null));
  let best: Candidate | null = null;

  for (const passage of passages) {
    const words = textWords(passage.text);
    if (words.length === 0) continue;
    const exact: boolean[] = [];
    const matches = words.map((word, i) => {
      const foldedWord = foldWord(word.text);
      const q = folded.indexOf(foldedWord);
      // Exact when some query word with this fold was typed without diacritics or with these.
      exact[i] = q >= 0 && folded.some((f, k) => f === foldedWord && (exactForms[k] === null || exactForms[k] === lowerWord(word.text)));
      return q;
    });
    const starts = words.length <= maxWords ? [0] : windowStarts(matches, words.length, maxWords);
    for (const start of starts) {
      const end = Math.min(words.length, start + maxWords);
      const score = windowScore(matches, exact, folded, start, end);
      if (score > 0 && (!best || score > best.score)) best = { passage, words, matches, exact, start, end, score };
    }
  }

  if (!best) {
    // Nothing matched in the given texts (the database matched through another path): show
    // the first passage's opening, unmarked.
    const first = passages.find((passage) => textWords(passage.text).length > 0) ?? passages[0];
    if (!first) return { field: 'LEAD', text: '' };
    const words = textWords(first.text);
    return {
      field: first.field,
      text: render(
        first.text,
        words,
        words.map(() => -1),
        0,
        Math.min(words.length, maxWords),
      ),
    };
  }
  return { field: best.passage.field, text: render(best.passage.text, best.words, best.matches, best.start, best.end) };
}

/** A window starting a little before each match, so the match has context. */
function windowStarts(matches: number[], count: number, maxWords: number): number[] {
  const starts = new Set<number>();
  matches.forEach((q, i) => {
    if (q >= 0) starts.add(Math.max(0, Math.min(i - SNIPPET_CONTEXT_WORDS, count - maxWords)));
  });
  return [...starts].sort((a, b) => a - b);
}

function windowScore(matches: number[], exact: boolean[], folded: string[], start: number, end: number): number {
  const distinct = new Set<string>();
  let adjacent = 0;
  let exactCount = 0;
  for (let i = start; i < end; i++) {
    const q = matches[i]!;
    if (q < 0) continue;
    distinct.add(folded[q]!);
    if (exact[i]) exactCount++;
    // The next word of the query follows this one: "dân" then "vận".
    const next = i + 1 < end ? matches[i + 1]! : -1;
    if (next >= 0 && folded.some((f, k) => k + 1 < folded.length && f === folded[q] && folded[k + 1] === folded[next])) {
      adjacent++;
    }
  }
  if (distinct.size === 0) return 0;
  return distinct.size * 10_000 + adjacent * 100 + Math.min(exactCount, 99);
}

/**
 * The text from the start of word `start` (with any opening quote or bracket before it)
 * to the end of word `end - 1` (with the punctuation after it), matches marked. Runs of
 * matching words separated only by spaces share one pair of marks: «Dân vận khéo».
 */
function render(text: string, words: TextWord[], matches: number[], start: number, end: number): string {
  // Keep what is attached to the first and last word ("“Dân", "khéo”."), not what lies
  // between them and their neighbours outside the window.
  let from = start === 0 ? 0 : words[start]!.start;
  if (start > 0) while (from > words[start - 1]!.end && !/\s/u.test(text[from - 1]!)) from--;
  let to = end === words.length ? text.length : words[end - 1]!.end;
  if (end < words.length) while (to < words[end]!.start && !/\s/u.test(text[to]!)) to++;
  let out = start === 0 ? '' : SNIPPET_ELLIPSIS;
  let cursor = from;
  for (let i = start; i < end; i++) {
    if (matches[i]! < 0) continue;
    let last = i;
    while (last + 1 < end && matches[last + 1]! >= 0 && /^\s+$/u.test(text.slice(words[last]!.end, words[last + 1]!.start))) last++;
    out += text.slice(cursor, words[i]!.start) + SNIPPET_MARK_START + text.slice(words[i]!.start, words[last]!.end) + SNIPPET_MARK_END;
    cursor = words[last]!.end;
    i = last;
  }
  out += text.slice(cursor, to);
  if (end < words.length) out += SNIPPET_ELLIPSIS;
  return out.replace(/\s+/gu, ' ').trim();
}

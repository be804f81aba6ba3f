/**
 * A headline for a brief that came without one: the lead's first sentence, as written, cut
 * at a clause or word boundary if it runs long. Nothing is rephrased, so the headline never
 * says more than the lead.
 */
export const MAX_DERIVED_HEADLINE_LENGTH = 150;

/** A sentence ends at . ! ? … followed by a space and a capital letter or an opening quote. */
const SENTENCE_END = /[.!?…](?=\s+["“]?\p{Lu})/gu;
/** "TP. Hồ Chí Minh", "ThS. Nguyễn…": a short capitalised word before a period is an abbreviation. */
const ABBREVIATION = /(?:^|\s)\p{Lu}\p{L}{0,2}$/u;

export function firstSentence(text: string): string {
  const trimmed = text.trim();
  for (const match of trimmed.matchAll(SENTENCE_END)) {
    const before = trimmed.slice(0, match.index);
    if (match[0] === '.' && ABBREVIATION.test(before)) continue;
    return before.trim();
  }
  return trimmed.replace(/[.!?…]+$/u, '').trim();
}

export function deriveHeadline(lead: string, maxLength = MAX_DERIVED_HEADLINE_LENGTH): string {
  const sentence = firstSentence(lead);
  const characters = [...sentence];
  if (characters.length <= maxLength) return sentence;
  const head = characters.slice(0, maxLength).join('');
  // Prefer ending on a whole clause when one ends late enough to still say something.
  const clauseEnd = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '));
  if (clauseEnd >= maxLength * 0.6) return `${head.slice(0, clauseEnd)}…`;
  const wordEnd = head.lastIndexOf(' ');
  return `${(wordEnd > 0 ? head.slice(0, wordEnd) : head).replace(/[\s,;:–-]+$/u, '')}…`;
}

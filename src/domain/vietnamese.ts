/**
 * Vietnamese text helpers. Content is stored as NFC with its diacritics intact; folding is
 * only for matching and for URLs, where readers type without diacritics.
 */

/** Canonical form for storage: NFC, so "ế" is one code point however it was typed. */
export function normalizeText(text: string): string {
  return text.normalize('NFC');
}

/**
 * Removes diacritics: "Dân vận khéo" → "Dan van kheo". `đ`/`Đ` are letters of their own,
 * not a d with a combining mark, so NFD leaves them alone and they are mapped explicitly.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** "Lục Yên có trên 400 mô hình “Dân vận khéo”" → "luc-yen-co-tren-400-mo-hinh-dan-van-kheo". */
export function slugify(text: string, maxLength = 120): string {
  const slug = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary so a long headline does not end in half a word.
  const cut = slug.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

/**
 * A slug not in `taken`: the base slug, else base-2, base-3, … (how a second article with
 * the same headline gets its own URL).
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

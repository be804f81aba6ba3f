/**
 * ArticleInput → the values the tables hold. Pure, so the rules that decide what lands in the
 * database (times, slugs, tag order, body blocks) are tested without one.
 */
import { slugify } from '../domain/vietnamese.js';
import type { ArticleInput, ArticleStatus, CategoryInput } from './article-input.js';

/** The body column's block format; PARAGRAPH is the only kind an import produces. */
export interface BodyBlock {
  kind: 'PARAGRAPH';
  text: string;
}

export interface NamedEntity {
  slug: string;
  name: string;
}

/** One level of a category chain, parent named by slug so the levels can be written in order. */
export interface CategoryLevel extends NamedEntity {
  parentSlug: string | null;
  position: number;
}

export interface ImageRow {
  src: string | null;
  caption: string | null;
  alt: string | null;
  width: number | null;
  height: number | null;
  position: number;
}

export interface ArticleRow {
  /** Before de-duplication against other articles; see reserveArticleSlugs. */
  baseSlug: string;
  title: string;
  lead: string;
  body: BodyBlock[];
  dateline: string | null;
  status: ArticleStatus;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  author: NamedEntity | null;
  /** Root first, the article's own section last; empty when uncategorised. */
  categoryChain: CategoryLevel[];
  /** De-duplicated by slug, in the editor's order. */
  tags: NamedEntity[];
  images: ImageRow[];
}

/** For headlines that fold to nothing (all punctuation, or a script without Latin letters). */
export const FALLBACK_ARTICLE_SLUG = 'bai-viet';

export function bodyBlocks(paragraphs: readonly string[]): BodyBlock[] {
  return paragraphs.map((text) => ({ kind: 'PARAGRAPH', text }));
}

/** The category and its ancestors, root first. */
export function categoryChain(category: ArticleInput['category']): CategoryLevel[] {
  if (!category) return [];
  const asInput = (node: string | CategoryInput | null | undefined) => (typeof node === 'string' ? { name: node } : node);
  const levels: CategoryInput[] = [];
  for (let node = asInput(category); node; node = asInput(node.parent)) levels.unshift(node);
  let parentSlug: string | null = null;
  return levels.map((level) => {
    const slug = level.slug ?? slugify(level.name);
    const row: CategoryLevel = { slug, name: level.name, parentSlug, position: level.position ?? 0 };
    parentSlug = slug;
    return row;
  });
}

/** Two names that fold to the same slug ("Lục Yên", "lục yên") are one tag; the first spelling wins. */
export function uniqueTags(names: readonly string[]): NamedEntity[] {
  const seen = new Set<string>();
  const tags: NamedEntity[] = [];
  for (const name of names) {
    const slug = slugify(name);
    if (!slug || seen.has(slug)) continue;
    seen.add(slug);
    tags.push({ slug, name });
  }
  return tags;
}

/**
 * Times: a published article without publishedAt was published when it was last updated (the
 * fixture only shows the update time). createdAt is the first moment the story existed, which
 * for imported history is its publication, not the moment of the import.
 */
export function articleTimes(input: ArticleInput, now: Date): { publishedAt: Date | null; createdAt: Date; updatedAt: Date } {
  const status = input.status ?? 'PUBLISHED';
  const given = (text: string | null | undefined) => (text ? new Date(text) : null);
  const updatedAt = given(input.updatedAt) ?? given(input.publishedAt) ?? now;
  const publishedAt = given(input.publishedAt) ?? (status === 'DRAFT' ? null : updatedAt);
  const createdAt = publishedAt && publishedAt < updatedAt ? publishedAt : updatedAt;
  return { publishedAt, createdAt, updatedAt };
}

export function toArticleRow(input: ArticleInput, now: Date): ArticleRow {
  const author = input.author ? { slug: slugify(input.author), name: input.author } : null;
  return {
    baseSlug: input.slug || slugify(input.title) || FALLBACK_ARTICLE_SLUG,
    title: input.title,
    lead: input.lead ?? '',
    body: bodyBlocks(input.body),
    dateline: input.dateline ?? null,
    status: input.status ?? 'PUBLISHED',
    ...articleTimes(input, now),
    author,
    categoryChain: categoryChain(input.category),
    tags: uniqueTags(input.tags ?? []),
    images: (input.images ?? []).map((image, index) => ({
      src: image.src ?? null,
      caption: image.caption ?? null,
      alt: image.alt ?? null,
      width: image.width ?? null,
      height: image.height ?? null,
      position: image.position ?? index,
    })),
  };
}

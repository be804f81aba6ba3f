/**
 * The one definition of an article as it arrives from outside, for every door: the editorial
 * mutations (createArticle, updateArticle) and `npm run import` / the fixture / the synthetic
 * corpus. Both take the same content fields with the same rules (src/content/input-rules.ts);
 * they differ only where the doors differ: an editor names an existing section and author by
 * slug and publishes separately, while an imported line carries its own status, times, slug and
 * names a section tree and an author by display name. Validation is pure and reports every
 * problem at once with the field it concerns, so an editor can fix a form or a file in one pass.
 */
import { z } from 'zod';
import { dateTimeWithOffset, describeIssue, fieldIssues, integer, list, name, optionalText, slug, text } from './input-rules.js';

export const ARTICLE_STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const MAX_TITLE_LENGTH = 500;
/** A whole article body, all paragraphs together; a 10 MB paste is a mistake, not a story. */
export const MAX_BODY_CHARACTERS = 200_000;
/** Deep enough for any newspaper menu; stops a pathological file from nesting without end. */
export const MAX_CATEGORY_DEPTH = 5;

/** A section, by display name; `parent` places it in the tree ("Thời sự" > "Trong tỉnh"). */
export interface CategoryInput {
  name: string;
  slug?: string;
  /** A name, or the parent with its own parent. */
  parent?: string | CategoryInput | null;
  /** Order among siblings in menus. */
  position?: number;
}

export interface ImageInput {
  src?: string | null;
  caption?: string | null;
  alt?: string | null;
  width?: number;
  height?: number;
  position?: number;
}

export interface ArticleInput {
  title: string;
  slug?: string;
  /** PUBLISHED when absent. */
  status?: ArticleStatus;
  /** ISO-8601 with an offset; a published article without it was published at `updatedAt`. */
  publishedAt?: string | null;
  updatedAt?: string | null;
  dateline?: string | null;
  lead?: string;
  /** Paragraphs, in order. */
  body: string[];
  /** Display name of the byline ("Đức Toàn"). */
  author?: string | null;
  /** Display names, in the editor's order. */
  tags?: string[];
  category?: string | CategoryInput | null;
  images?: ImageInput[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const image = z.object(
  {
    src: optionalText(2000),
    caption: optionalText(2000),
    alt: optionalText(2000),
    width: integer(1, 100_000).nullish(),
    height: integer(1, 100_000).nullish(),
    /** Import only (the editorial API orders pictures by their place in the list). */
    position: integer(0, 10_000).nullish(),
  },
  { error: 'must be an object' },
);

const paragraphs = list(text(MAX_BODY_CHARACTERS), 1000, 'paragraphs')
  // A blank paragraph renders as nothing; keeping it would only shift the others' positions.
  .transform((items) => items.filter(Boolean))
  .refine((items) => items.reduce((sum, item) => sum + item.length, 0) <= MAX_BODY_CHARACTERS, {
    message: `must be at most ${MAX_BODY_CHARACTERS} characters in all`,
  });

/** What every article has, whichever door it came through. */
const contentFields = {
  title: text(MAX_TITLE_LENGTH, { required: true }),
  lead: text(5000),
  body: paragraphs,
  dateline: optionalText(200),
  tags: list(name(100), 30, 'tags'),
  images: list(image, 50, 'images'),
};

// ---- The editorial API: references by slug; the article is created as a draft. ----

const editorialFields = { ...contentFields, category: slug.nullable(), author: slug.nullable() };

export const articleDraftSchema = z.object({
  ...editorialFields,
  lead: editorialFields.lead.default(''),
  body: editorialFields.body.default([]),
  tags: editorialFields.tags.default([]),
  category: editorialFields.category.default(null),
  author: editorialFields.author.default(null),
  images: editorialFields.images.default([]),
});
export type ArticleDraft = z.output<typeof articleDraftSchema>;

/** An update changes only the fields it names. */
export const articleChangesSchema = z.object(editorialFields).partial();
export type ArticleChanges = z.output<typeof articleChangesSchema>;

// ---- Import: a line carries its own status, times and slug, and names a section tree. ----

/** A section by name, or as an object with its parent; `depth` bounds the nesting without recursion. */
type SectionAsGiven = string | { name: string; slug?: string | null; parent?: SectionAsGiven | null; position?: number | null };
function categoryAt(depth: number): z.ZodType<SectionAsGiven> {
  const parent =
    depth < MAX_CATEGORY_DEPTH
      ? categoryAt(depth + 1).nullish()
      : z.null({ error: `must not nest deeper than ${MAX_CATEGORY_DEPTH} levels` }).optional();
  const object = z.object(
    { name: name(200), slug: slug.nullish(), parent, position: integer(0, 10_000).nullish() },
    { error: 'must be a name, an object { name, slug?, parent? } or null' },
  );
  return z.union([name(200), object], { error: 'must be a name, an object { name, slug?, parent? } or null' });
}

const importedArticleSchema = z.object(
  {
    ...contentFields,
    lead: contentFields.lead.nullish(),
    body: z
      .array(z.unknown(), {
        error: (issue) => (issue.input === undefined ? 'is required (an array of paragraphs)' : 'must be an array'),
      })
      .pipe(contentFields.body),
    tags: contentFields.tags.nullish(),
    images: contentFields.images.nullish(),
    slug: slug.nullish(),
    status: z.enum(ARTICLE_STATUSES, { error: `must be one of ${ARTICLE_STATUSES.join(', ')}` }).nullish(),
    publishedAt: dateTimeWithOffset.nullish(),
    updatedAt: dateTimeWithOffset.nullish(),
    author: name(200).nullish(),
    category: categoryAt(1).nullish(),
  },
  { error: 'must be a JSON object' },
);

/** Drops absent optional keys, so a parsed article says only what its line said. */
function given<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as never;
}

function category(value: SectionAsGiven | null | undefined): CategoryInput | null {
  if (value == null) return null;
  if (typeof value === 'string') return { name: value };
  const { name, slug, parent, position } = value;
  const above = category(parent);
  return { name, ...given({ slug, position }), ...(above && { parent: above }) };
}

/**
 * Validates and normalizes one imported article. Unknown keys are ignored (the fixture carries
 * `updatedAtAsShown`, `figures`…); the result has its status filled in and every string NFC.
 */
export function parseArticleInput(value: unknown): ParseResult<ArticleInput> {
  const result = importedArticleSchema.safeParse(value);
  const issues = result.success ? [] : fieldIssues(result.error.issues);
  // Across fields, so it is checked beside the others (zod skips object refinements once a field failed).
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (fields && (fields.status ?? 'PUBLISHED') === 'PUBLISHED' && fields.publishedAt == null && fields.updatedAt == null) {
    issues.push({ path: ['publishedAt'], message: 'is required for a PUBLISHED article (or give updatedAt)' });
  }
  if (!result.success || issues.length > 0) return { ok: false, errors: issues.map(describeIssue) };
  const article = result.data;
  return {
    ok: true,
    value: {
      title: article.title,
      ...given({ slug: article.slug }),
      status: article.status ?? 'PUBLISHED',
      ...given({ publishedAt: article.publishedAt, updatedAt: article.updatedAt }),
      dateline: article.dateline,
      lead: article.lead ?? '',
      body: article.body,
      author: article.author ?? null,
      tags: article.tags ?? [],
      category: category(article.category),
      images: (article.images ?? []).map(({ src, caption, alt, ...sizes }) => ({ src, caption, alt, ...given(sizes) })),
    },
  };
}

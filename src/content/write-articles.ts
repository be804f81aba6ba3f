/**
 * Writes a batch of articles in one transaction and a fixed number of statements, whatever
 * the batch size: a thousand articles cost about a dozen round trips, not thousands.
 *
 *   authors, tags   createMany(skipDuplicates) + findMany, by slug
 *   categories      the same, once per tree level (a child needs its parent's id)
 *   slugs           one or a few `slug IN (…)` look-ups
 *   articles        createManyAndReturn
 *   tags, images    createMany each
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ArticleInput } from './article-input.js';
import { toArticleRow, type ArticleRow, type CategoryLevel, type NamedEntity } from './article-rows.js';
import { reserveArticleSlugs } from './slug-reservation.js';

/** The client inside `$transaction(async (tx) => …)`. */
export type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Any client, whatever its log options; only `$transaction` is needed. */
export interface TransactionRunner {
  $transaction<R>(work: (tx: TransactionClient) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

export interface WriteArticlesOptions {
  /** The time given to articles that carry none (drafts without updatedAt). */
  now?: Date;
  /** Interactive-transaction timeout; a large batch on a busy server needs more than Prisma's 5 s. */
  timeoutMs?: number;
  /**
   * true (default): authors and sections named by the articles are created when missing, as
   * the seeds need (they define the taxonomy). false: they must exist already, and a batch
   * naming one that does not is refused whole with MissingTaxonomyError; callers that want
   * per-article errors check first with findMissingTaxonomy. Tags are always created.
   */
  createMissingTaxonomy?: boolean;
}

/** What an article names that is not in the database: an author slug and/or section slugs. */
export interface MissingTaxonomy {
  author: string | null;
  /** Root first, as in the article's category chain. */
  categories: string[];
}

export class MissingTaxonomyError extends Error {
  constructor(readonly missing: { authors: string[]; categories: string[] }) {
    super(
      `Refusing to create missing taxonomy: ${[
        ...missing.categories.map((slug) => `section "${slug}"`),
        ...missing.authors.map((slug) => `author "${slug}"`),
      ].join(', ')}`,
    );
    this.name = 'MissingTaxonomyError';
  }
}

export interface WriteArticlesResult {
  /** In input order. */
  articleIds: number[];
  /** The slugs given, in input order (with -2, -3… where the base was taken). */
  slugs: string[];
  authorsCreated: number;
  tagsCreated: number;
  categoriesCreated: number;
  articleTagsCreated: number;
  imagesCreated: number;
}

/** Writes `inputs` atomically: all of them or, on any error, none. */
export async function writeArticles(
  prisma: TransactionRunner,
  inputs: readonly ArticleInput[],
  options: WriteArticlesOptions = {},
): Promise<WriteArticlesResult> {
  return prisma.$transaction((tx) => writeArticlesInTransaction(tx, inputs, options), {
    maxWait: 10_000,
    timeout: options.timeoutMs ?? 120_000,
  });
}

/** The same, inside a transaction the caller owns (an import that must be all-or-nothing across batches). */
export async function writeArticlesInTransaction(
  tx: TransactionClient,
  inputs: readonly ArticleInput[],
  options: WriteArticlesOptions = {},
): Promise<WriteArticlesResult> {
  const now = options.now ?? new Date();
  const rows = inputs.map((input) => toArticleRow(input, now));
  if (rows.length === 0) {
    return { articleIds: [], slugs: [], authorsCreated: 0, tagsCreated: 0, categoriesCreated: 0, articleTagsCreated: 0, imagesCreated: 0 };
  }

  const createMissing = options.createMissingTaxonomy ?? true;
  const authors = createMissing ? await ensureAuthors(tx, rows) : await existingAuthors(tx, rows);
  const categories = createMissing ? await ensureCategories(tx, rows) : await existingCategories(tx, rows);
  if (!createMissing) refuseMissing(rows, authors, categories);
  const tags = await ensureTags(
    tx,
    rows.flatMap((row) => row.tags),
  );

  const slugs = await reserveArticleSlugs(
    rows.map((row) => row.baseSlug),
    takenSlugs(tx),
  );

  const created = await tx.article.createManyAndReturn({
    data: rows.map((row, index) => ({
      slug: slugs[index]!,
      title: row.title,
      lead: row.lead,
      body: row.body as unknown as Prisma.InputJsonArray,
      dateline: row.dateline,
      status: row.status,
      publishedAt: row.publishedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      authorId: row.author ? authors.ids.get(row.author.slug)! : null,
      categoryId: row.categoryChain.length > 0 ? categories.ids.get(row.categoryChain.at(-1)!.slug)! : null,
    })),
    select: { id: true, slug: true },
  });
  // RETURNING order follows VALUES in practice, but the slug is unique, so match on it instead.
  const idBySlug = new Map(created.map((article) => [article.slug, article.id]));
  const articleIds = slugs.map((slug) => idBySlug.get(slug)!);

  const articleTags = rows.flatMap((row, index) =>
    row.tags.map((tag, position) => ({ articleId: articleIds[index]!, tagId: tags.ids.get(tag.slug)!, position })),
  );
  const images = rows.flatMap((row, index) => row.images.map((image) => ({ articleId: articleIds[index]!, ...image })));
  const articleTagsCreated = articleTags.length > 0 ? (await tx.articleTag.createMany({ data: articleTags })).count : 0;
  const imagesCreated = images.length > 0 ? (await tx.articleImage.createMany({ data: images })).count : 0;

  return {
    articleIds,
    slugs,
    authorsCreated: authors.created,
    tagsCreated: tags.created,
    categoriesCreated: categories.created,
    articleTagsCreated,
    imagesCreated,
  };
}

/**
 * Slugs in use: current ones, and former ones kept as aliases of renamed articles (an old
 * URL must keep leading to its article, not to a newcomer).
 */
export function takenSlugs(tx: TransactionClient) {
  return async (candidates: string[]): Promise<string[]> => {
    const [current, former] = await Promise.all([
      tx.article.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
      tx.articleSlugAlias.findMany({ where: { slug: { in: candidates } }, select: { slug: true } }),
    ]);
    return [...current, ...former].map((row) => row.slug);
  };
}

export interface Ensured {
  ids: Map<string, number>;
  created: number;
}

/** Distinct by slug; the first spelling in the batch names a new entity. */
function distinctBySlug<T extends NamedEntity>(entities: Iterable<T>): T[] {
  const bySlug = new Map<string, T>();
  for (const entity of entities) if (!bySlug.has(entity.slug)) bySlug.set(entity.slug, entity);
  return [...bySlug.values()];
}

async function ensureAuthors(tx: TransactionClient, rows: ArticleRow[]): Promise<Ensured> {
  const wanted = distinctBySlug(rows.flatMap((row) => (row.author ? [row.author] : [])));
  if (wanted.length === 0) return { ids: new Map(), created: 0 };
  const { count } = await tx.author.createMany({ data: wanted, skipDuplicates: true });
  const found = await tx.author.findMany({ where: { slug: { in: wanted.map((a) => a.slug) } }, select: { id: true, slug: true } });
  return { ids: new Map(found.map((a) => [a.slug, a.id])), created: count };
}

async function existingAuthors(tx: TransactionClient, rows: ArticleRow[]): Promise<Ensured> {
  const slugs = [...new Set(rows.flatMap((row) => (row.author ? [row.author.slug] : [])))];
  if (slugs.length === 0) return { ids: new Map(), created: 0 };
  const found = await tx.author.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  return { ids: new Map(found.map((a) => [a.slug, a.id])), created: 0 };
}

async function existingCategories(tx: TransactionClient, rows: ArticleRow[]): Promise<Ensured> {
  const slugs = [...new Set(rows.flatMap((row) => row.categoryChain.map((c) => c.slug)))];
  if (slugs.length === 0) return { ids: new Map(), created: 0 };
  const found = await tx.category.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  return { ids: new Map(found.map((c) => [c.slug, c.id])), created: 0 };
}

/** Per row, in order, what it names that `authors` / `categories` do not hold (null when nothing). */
function missingPerRow(rows: readonly ArticleRow[], authors: Ensured, categories: Ensured): (MissingTaxonomy | null)[] {
  return rows.map((row) => {
    const author = row.author && !authors.ids.has(row.author.slug) ? row.author.slug : null;
    const missingCategories = row.categoryChain.filter((c) => !categories.ids.has(c.slug)).map((c) => c.slug);
    return author || missingCategories.length > 0 ? { author, categories: missingCategories } : null;
  });
}

function refuseMissing(rows: readonly ArticleRow[], authors: Ensured, categories: Ensured): void {
  const missing = missingPerRow(rows, authors, categories).filter((m): m is MissingTaxonomy => m !== null);
  if (missing.length === 0) return;
  throw new MissingTaxonomyError({
    authors: [...new Set(missing.flatMap((m) => (m.author ? [m.author] : [])))],
    categories: [...new Set(missing.flatMap((m) => m.categories))],
  });
}

/**
 * For each input, in order, the author and sections it names that do not exist (null when all
 * do): two look-ups whatever the batch size. Lets an importer refuse just those articles.
 */
export async function findMissingTaxonomy(
  tx: TransactionClient,
  inputs: readonly ArticleInput[],
  now: Date = new Date(),
): Promise<(MissingTaxonomy | null)[]> {
  const rows = inputs.map((input) => toArticleRow(input, now));
  const [authors, categories] = await Promise.all([existingAuthors(tx, rows), existingCategories(tx, rows)]);
  return missingPerRow(rows, authors, categories);
}

/** Finds tags by slug, creating the missing ones under the first spelling given. */
export async function ensureTags(tx: TransactionClient, tags: readonly NamedEntity[]): Promise<Ensured> {
  const wanted = distinctBySlug(tags);
  if (wanted.length === 0) return { ids: new Map(), created: 0 };
  const { count } = await tx.tag.createMany({ data: wanted, skipDuplicates: true });
  const found = await tx.tag.findMany({ where: { slug: { in: wanted.map((t) => t.slug) } }, select: { id: true, slug: true } });
  return { ids: new Map(found.map((t) => [t.slug, t.id])), created: count };
}

/**
 * Categories go in level by level, roots first, so each level knows its parents' ids. A
 * category that already exists keeps its place in the tree: an import finds sections, it does
 * not move them.
 */
async function ensureCategories(tx: TransactionClient, rows: ArticleRow[]): Promise<Ensured> {
  const levels = categoriesByDepth(rows.map((row) => row.categoryChain));
  const ids = new Map<string, number>();
  let created = 0;
  for (const level of levels) {
    const { count } = await tx.category.createMany({
      data: level.map((c) => ({
        slug: c.slug,
        name: c.name,
        position: c.position,
        parentId: c.parentSlug ? (ids.get(c.parentSlug) ?? null) : null,
      })),
      skipDuplicates: true,
    });
    created += count;
    const found = await tx.category.findMany({ where: { slug: { in: level.map((c) => c.slug) } }, select: { id: true, slug: true } });
    for (const c of found) ids.set(c.slug, c.id);
  }
  return { ids, created };
}

/**
 * Groups every category named in the batch by its depth. A slug met at several depths (two
 * files disagreeing about the tree) is written at the first depth it is met, with that parent.
 */
export function categoriesByDepth(chains: readonly CategoryLevel[][]): CategoryLevel[][] {
  const placed = new Map<string, number>();
  const levels: CategoryLevel[][] = [];
  for (const chain of chains) {
    chain.forEach((category, depth) => {
      if (placed.has(category.slug)) return;
      // The parent was placed on this chain's previous step or earlier, at a smaller depth.
      const parentDepth = category.parentSlug ? (placed.get(category.parentSlug) ?? depth - 1) : -1;
      const level = parentDepth + 1;
      placed.set(category.slug, level);
      (levels[level] ??= []).push(category);
    });
  }
  return levels;
}

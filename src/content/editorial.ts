/**
 * Editorial writes: create, update, publish, unpublish, archive. Each runs in one transaction
 * and returns the article's public-facing state before and after; the publication events
 * that change implies (src/events/outbox.ts) are written in the same transaction. Optimistic concurrency: an update names the version it was based
 * on and is refused with VersionConflictError when someone saved in between.
 */
import type { DatabaseClient } from '../db/database.js';
import { slugify } from '../domain/vietnamese.js';
import type { Prisma as PrismaTypes } from '../generated/prisma/client.js';
import { bodyBlocks, FALLBACK_ARTICLE_SLUG, uniqueTags } from './article-rows.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from './editorial-errors.js';
import type { ArticleChanges, ArticleDraft } from './article-input.js';
import { reserveArticleSlugs } from './slug-reservation.js';
import { ensureTags, takenSlugs, type TransactionClient } from './write-articles.js';
import { recordArticleChange, recordTaxonomyChange, type OutboxEvent } from '../events/outbox.js';
import { LIST_TAG } from '../cache/tags.js';

export interface ArticleState {
  id: number;
  slug: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  publishedAt: Date | null;
  version: number;
  categoryId: number | null;
  parentCategoryId: number | null;
  authorId: number | null;
  tagIds: number[];
}

export interface EditorialChange {
  before: ArticleState | null;
  after: ArticleState;
}

/** A committed change and the publication events written with it. */
export interface CommittedChange extends EditorialChange {
  events: OutboxEvent[];
}

/**
 * The change's events, in its transaction. A tag created on the fly shows in the tag list at
 * once: the gateway's caches purge `List:Tag`, the CDN not (a draft saved every few seconds
 * must not purge the CDN each time; its tag list catches up with its max-age).
 */
async function committed(tx: TransactionClient, change: EditorialChange, now: Date, createdTags: boolean): Promise<CommittedChange> {
  const events = await recordArticleChange(tx, change, now);
  if (createdTags) events.push(await recordTaxonomyChange(tx, [LIST_TAG], now, { toWebhook: false }));
  return { ...change, events };
}

const stateSelect = {
  id: true,
  slug: true,
  status: true,
  publishedAt: true,
  version: true,
  categoryId: true,
  authorId: true,
  updatedAt: true,
  category: { select: { parentId: true } },
  tags: { select: { tagId: true }, orderBy: { position: 'asc' } },
} satisfies PrismaTypes.ArticleSelect;

async function readState(tx: TransactionClient, id: number) {
  const row = await tx.article.findUnique({ where: { id }, select: stateSelect });
  if (!row) return null;
  const state: ArticleState = {
    id: row.id,
    slug: row.slug,
    status: row.status,
    publishedAt: row.publishedAt,
    version: row.version,
    categoryId: row.categoryId,
    parentCategoryId: row.category?.parentId ?? null,
    authorId: row.authorId,
    tagIds: row.tags.map((tag) => tag.tagId),
  };
  return { state, updatedAt: row.updatedAt };
}

/** Section and byline are named by slug and must exist; an editor picks them from a list. */
async function resolveReferences(tx: TransactionClient, changes: Pick<ArticleChanges, 'category' | 'author'>) {
  const issues = [];
  let categoryId: number | null | undefined;
  let authorId: number | null | undefined;
  if (changes.category !== undefined) {
    categoryId =
      changes.category === null
        ? null
        : ((await tx.category.findUnique({ where: { slug: changes.category }, select: { id: true } }))?.id ?? undefined);
    if (categoryId === undefined) issues.push({ path: ['input', 'category'], message: `no section with slug "${changes.category}"` });
  }
  if (changes.author !== undefined) {
    authorId =
      changes.author === null
        ? null
        : ((await tx.author.findUnique({ where: { slug: changes.author }, select: { id: true } }))?.id ?? undefined);
    if (authorId === undefined) issues.push({ path: ['input', 'author'], message: `no author with slug "${changes.author}"` });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  return { categoryId, authorId };
}

async function tagRows(tx: TransactionClient, names: readonly string[]) {
  const tags = uniqueTags(names);
  const { ids, created } = await ensureTags(tx, tags);
  return { rows: tags.map((tag, position) => ({ tagId: ids.get(tag.slug)!, position })), created: created > 0 };
}

const imageRows = (images: NonNullable<ArticleChanges['images']>) =>
  images.map((image, position) => ({
    src: image.src ?? null,
    caption: image.caption ?? null,
    alt: image.alt ?? null,
    width: image.width ?? null,
    height: image.height ?? null,
    position,
  }));

export async function createArticleDraft(prisma: DatabaseClient, draft: ArticleDraft, now: Date): Promise<CommittedChange> {
  return prisma.$transaction(async (tx) => {
    const tags = await tagRows(tx, draft.tags);
    const { categoryId, authorId } = await resolveReferences(tx, draft);
    const [slug] = await reserveArticleSlugs([slugify(draft.title) || FALLBACK_ARTICLE_SLUG], takenSlugs(tx));
    const created = await tx.article.create({
      data: {
        slug: slug!,
        title: draft.title,
        lead: draft.lead,
        body: bodyBlocks(draft.body) as unknown as PrismaTypes.InputJsonArray,
        dateline: draft.dateline,
        status: 'DRAFT',
        categoryId: categoryId ?? null,
        authorId: authorId ?? null,
        tags: { create: tags.rows },
        images: { create: imageRows(draft.images) },
      },
      select: { id: true },
    });
    return committed(tx, { before: null, after: (await readState(tx, created.id))!.state }, now, tags.created);
  });
}

/** Locks in the change only if the article is still at `expectedVersion`. */
async function bumpVersion(tx: TransactionClient, id: number, expectedVersion: number, data: PrismaTypes.ArticleUncheckedUpdateManyInput) {
  const { count } = await tx.article.updateMany({ where: { id, version: expectedVersion }, data: { ...data, version: { increment: 1 } } });
  if (count === 1) return;
  const current = await readState(tx, id);
  if (!current) throw new NotFoundError('Article', id);
  throw new VersionConflictError(id, expectedVersion, current.state.version, current.updatedAt);
}

export async function updateArticle(
  prisma: DatabaseClient,
  id: number,
  expectedVersion: number,
  changes: ArticleChanges,
  now: Date,
): Promise<CommittedChange> {
  return prisma.$transaction(async (tx) => {
    const before = await readState(tx, id);
    if (!before) throw new NotFoundError('Article', id);
    const { categoryId, authorId } = await resolveReferences(tx, changes);
    const data: PrismaTypes.ArticleUncheckedUpdateManyInput = {
      title: changes.title,
      lead: changes.lead,
      body: changes.body && (bodyBlocks(changes.body) as unknown as PrismaTypes.InputJsonArray),
      dateline: changes.dateline,
      categoryId,
      authorId,
    };
    if (changes.title !== undefined) {
      data.slug = await renamedSlug(tx, before.state, changes.title);
    }
    await bumpVersion(tx, id, expectedVersion, data);
    let createdTags = false;
    if (changes.tags !== undefined) {
      await tx.articleTag.deleteMany({ where: { articleId: id } });
      const tags = await tagRows(tx, changes.tags);
      createdTags = tags.created;
      await tx.articleTag.createMany({ data: tags.rows.map((row) => ({ ...row, articleId: id })) });
    }
    if (changes.images !== undefined) {
      await tx.articleImage.deleteMany({ where: { articleId: id } });
      await tx.articleImage.createMany({ data: imageRows(changes.images).map((row) => ({ ...row, articleId: id })) });
    }
    return committed(tx, { before: before.state, after: (await readState(tx, id))!.state }, now, createdTags);
  });
}

/**
 * A new title gets a new slug; the old one stays as an alias so published links keep
 * working. Renaming back to a former title takes its old slug back.
 */
async function renamedSlug(tx: TransactionClient, article: ArticleState, title: string): Promise<string> {
  const base = slugify(title) || FALLBACK_ARTICLE_SLUG;
  if (base === article.slug) return article.slug;
  const ownAlias = await tx.articleSlugAlias.findUnique({ where: { slug: base } });
  let slug: string;
  if (ownAlias?.articleId === article.id) {
    await tx.articleSlugAlias.delete({ where: { slug: base } });
    slug = base;
  } else {
    [slug] = (await reserveArticleSlugs([base], takenSlugs(tx))) as [string];
  }
  await tx.articleSlugAlias.create({ data: { slug: article.slug, articleId: article.id } });
  return slug;
}

export type StatusChange = { status: 'PUBLISHED'; publishAt: Date | null } | { status: 'DRAFT' | 'ARCHIVED' };

export async function changeArticleStatus(
  prisma: DatabaseClient,
  id: number,
  expectedVersion: number | null,
  change: StatusChange,
  now: Date,
): Promise<CommittedChange> {
  return prisma.$transaction(async (tx) => {
    const before = await readState(tx, id);
    if (!before) throw new NotFoundError('Article', id);
    const data: PrismaTypes.ArticleUncheckedUpdateManyInput = { status: change.status };
    if (change.status === 'PUBLISHED') {
      // Publishing again keeps the original time unless a new one is given.
      const keep = before.state.status === 'PUBLISHED' && before.state.publishedAt && !change.publishAt;
      data.publishedAt = keep ? before.state.publishedAt : (change.publishAt ?? now);
    }
    await bumpVersion(tx, id, expectedVersion ?? before.state.version, data);
    return committed(tx, { before: before.state, after: (await readState(tx, id))!.state }, now, false);
  });
}

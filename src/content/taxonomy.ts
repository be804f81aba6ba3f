/**
 * Tags, authors and sections as editors manage them. A slug is fixed at creation (from the
 * name unless given) and never changes with a rename, so tag, author and section URLs stay put.
 */
import type { DatabaseClient } from '../db/database.js';
import { slugify } from '../domain/vietnamese.js';
import { taxonomyPurgeTags, type TaxonomyEntity } from '../cache/invalidation.js';
import { recordTaxonomyChange, type OutboxEvent } from '../events/outbox.js';
import type { TransactionClient } from './write-articles.js';
import { InvalidInputError, NotFoundError } from './editorial-errors.js';

type Kind = 'tag' | 'author' | 'category';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/** Runs a write; a clash on the unique slug becomes a validation issue on `input.slug`. */
async function withUniqueSlug<T>(slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidInputError([{ path: ['input', 'slug'], message: `"${slug}" is already used` }]);
    throw error;
  }
}

function slugFor(name: string, slug: string | undefined): string {
  const chosen = slug ?? slugify(name);
  if (!chosen) throw new InvalidInputError([{ path: ['input', 'name'], message: 'must contain letters or digits' }]);
  return chosen;
}

export interface TaxonomyChange {
  id: number;
  /** The purge of the write (src/cache/invalidation.ts), written in its transaction. */
  events: OutboxEvent[];
}

/** Runs a write and records its purge in one transaction. */
function withPurge(prisma: DatabaseClient, entity: TaxonomyEntity, now: Date, write: (tx: TransactionClient) => Promise<{ id: number }>) {
  return prisma.$transaction(async (tx): Promise<TaxonomyChange> => {
    const { id } = await write(tx);
    return { id, events: [await recordTaxonomyChange(tx, taxonomyPurgeTags(entity, id), now)] };
  });
}

async function exists(prisma: DatabaseClient | TransactionClient, kind: Kind, id: number): Promise<void> {
  const delegate = { tag: prisma.tag, author: prisma.author, category: prisma.category }[kind] as unknown as {
    count(args: { where: { id: number } }): Promise<number>;
  };
  const typeName = ({ tag: 'Tag', author: 'Author', category: 'Category' } as const)[kind];
  if ((await delegate.count({ where: { id } })) === 0) throw new NotFoundError(typeName, id);
}

export async function createTag(prisma: DatabaseClient, input: { name: string; slug?: string }, now: Date) {
  const slug = slugFor(input.name, input.slug);
  return withUniqueSlug(slug, () =>
    withPurge(prisma, 'Tag', now, (tx) => tx.tag.create({ data: { name: input.name, slug }, select: { id: true } })),
  );
}

export async function renameTag(prisma: DatabaseClient, id: number, name: string, now: Date) {
  await exists(prisma, 'tag', id);
  return withPurge(prisma, 'Tag', now, (tx) => tx.tag.update({ where: { id }, data: { name }, select: { id: true } }));
}

export async function createAuthor(prisma: DatabaseClient, input: { name: string; slug?: string; bio?: string | null }, now: Date) {
  const slug = slugFor(input.name, input.slug);
  return withUniqueSlug(slug, () =>
    withPurge(prisma, 'Author', now, (tx) =>
      tx.author.create({ data: { name: input.name, slug, bio: input.bio ?? null }, select: { id: true } }),
    ),
  );
}

export async function updateAuthor(prisma: DatabaseClient, id: number, input: { name?: string; bio?: string | null }, now: Date) {
  await exists(prisma, 'author', id);
  return withPurge(prisma, 'Author', now, (tx) => tx.author.update({ where: { id }, data: input, select: { id: true } }));
}

/** The parent must exist and must not be the section itself or one of its children. */
async function parentId(prisma: DatabaseClient, parentSlug: string | null | undefined, self: number | null) {
  if (parentSlug === undefined) return undefined;
  if (parentSlug === null) return null;
  const parent = await prisma.category.findUnique({ where: { slug: parentSlug }, select: { id: true, parentId: true } });
  if (!parent) throw new InvalidInputError([{ path: ['input', 'parent'], message: `no section with slug "${parentSlug}"` }]);
  if (self !== null && (parent.id === self || parent.parentId === self)) {
    throw new InvalidInputError([{ path: ['input', 'parent'], message: 'a section cannot sit under itself or its own subsection' }]);
  }
  return parent.id;
}

export interface CategoryFields {
  name?: string;
  slug?: string;
  description?: string | null;
  parent?: string | null;
  position?: number;
}

export async function createCategory(prisma: DatabaseClient, input: CategoryFields & { name: string }, now: Date) {
  const slug = slugFor(input.name, input.slug);
  const parent = await parentId(prisma, input.parent, null);
  return withUniqueSlug(slug, () =>
    withPurge(prisma, 'Category', now, (tx) =>
      tx.category.create({
        data: { name: input.name, slug, description: input.description ?? null, parentId: parent ?? null, position: input.position ?? 0 },
        select: { id: true },
      }),
    ),
  );
}

export async function updateCategory(prisma: DatabaseClient, id: number, input: Omit<CategoryFields, 'slug'>, now: Date) {
  await exists(prisma, 'category', id);
  const parent = await parentId(prisma, input.parent, id);
  return withPurge(prisma, 'Category', now, (tx) =>
    tx.category.update({
      where: { id },
      data: { name: input.name, description: input.description, position: input.position, parentId: parent },
      select: { id: true },
    }),
  );
}

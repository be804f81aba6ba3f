/**
 * Tag slug → id, remembered per database client. A tag's slug is fixed when it is created
 * (renameTag changes its name only) and tags are never deleted, so the pair never changes:
 * once a process knows it, `articles(filter: { tag })` reads along ArticleTag(tagId,
 * visibleAt) with the id as a constant, as `tag(slug).articles` does, in one statement. (With
 * the slug joined in the same statement instead, the planner cannot know which tag it will
 * read, and reads and sorts the whole tag: 3,000 rows for one tag at 21k articles.) The
 * first request for a tag in a process adds one lookup by the slug's unique index; slugs
 * that name no tag are not remembered, so a tag created later is found.
 */
import type { DatabaseClient } from './database.js';

/** At most this many slugs are remembered per client (a newsroom has a few thousand tags). */
export const MAX_REMEMBERED_TAGS = 20_000;

const remembered = new WeakMap<object, Map<string, number>>();

/** The id of the tag `slug` names (whether or not a reader may see it), or null. */
export async function tagIdOf(prisma: Pick<DatabaseClient, 'tag'>, slug: string): Promise<number | null> {
  let ids = remembered.get(prisma);
  if (!ids) remembered.set(prisma, (ids = new Map()));
  const known = ids.get(slug);
  if (known !== undefined) return known;
  const tag = await prisma.tag.findUnique({ where: { slug }, select: { id: true } });
  if (!tag) return null;
  if (ids.size >= MAX_REMEMBERED_TAGS) ids.delete(ids.keys().next().value!);
  ids.set(slug, tag.id);
  return tag.id;
}

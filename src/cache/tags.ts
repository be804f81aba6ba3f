/**
 * Cache tags: what a cached response depends on, so that a change can find every response it
 * affects. The same tags key the gateway's response cache, go out to CDNs in `Surrogate-Key`
 * and `Cache-Tag`, and are what a publish event purges (in the gateway and, through the purge
 * webhook, at the CDN).
 *
 * - `Article:<global id>`, `Tag:<global id>`, `Category:<global id>`, `Author:<global id>`:
 *   every entity in the response (the response-cache plugin records each object's typename
 *   and `id`, which is the Relay global id, e.g. `Article:QXJ0aWNsZTox`).
 * - `DailyArchive:YYYY-MM-DD`: every archive day in the response (a `dailyArchive`, or a day
 *   of an `archiveCalendar`), whatever the section scope.
 * - `List:Article`: the response's answer depends on *which* articles are public beyond the
 *   entities it shows: root lists (`articles`, `search`, `nodes`), the archive's neighbour
 *   days, or a lookup that found no article (`article(slug:)` → null, which a publication
 *   may change). Every publish event purges it.
 * - `List:Tag`, `List:Category`, `List:Author`: likewise for the taxonomy (`tags`,
 *   `categories`, section children, a `tag(slug:)` that found nothing); purged by the
 *   mutations that create or change those (src/cache/invalidation.ts).
 * - `Related:Tag:<tag global id>`: a related list (`relatedArticles`) of an article carrying
 *   that tag: publishing, changing or withdrawing an article with the tag may change it.
 *   A related list filled from the section's or the site's latest articles (too few tagged
 *   neighbours) depends on every publication and carries `List:Article` instead.
 *
 * Every tag has a colon: the Redis store reads a tag without one as a typename and would
 * scan for `<typename>:*`.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { formatLocalDate, localDateOf } from '../domain/local-time.js';
import type { ArticleEvent } from '../events/article-events.js';

export const LIST_ARTICLE = 'List:Article';
export const LIST_TAG = 'List:Tag';
export const LIST_CATEGORY = 'List:Category';
export const LIST_AUTHOR = 'List:Author';

/** Fields whose answer depends on the set of public articles (or taxonomy), not on one entity. */
const LIST_FIELDS: Record<string, string> = {
  'Query.articles': LIST_ARTICLE,
  'Query.search': LIST_ARTICLE,
  'Query.nodes': LIST_ARTICLE,
  'DailyArchive.previousDay': LIST_ARTICLE,
  'DailyArchive.nextDay': LIST_ARTICLE,
  'Query.tags': LIST_TAG,
  'Query.categories': LIST_CATEGORY,
  'Category.children': LIST_CATEGORY,
};

/** The same letters, one per list tag, carried in the response-cache key (see `cacheKey`). */
const LIST_LETTERS: Record<string, string> = { [LIST_ARTICLE]: 'A', [LIST_TAG]: 'T', [LIST_CATEGORY]: 'C', [LIST_AUTHOR]: 'U' };
const LETTER_LISTS = Object.fromEntries(Object.entries(LIST_LETTERS).map(([tag, letter]) => [letter, tag]));

/**
 * A field that is null or an empty list tells the response-cache plugin nothing but its type
 * (`{ typename }` without an id). Which of those can a publication or an edit fill in?
 */
const EMPTY_SLOT_LISTS: Record<string, string> = {
  Article: LIST_ARTICLE,
  Node: LIST_ARTICLE,
  Tag: LIST_TAG,
  Category: LIST_CATEGORY,
  Author: LIST_AUTHOR,
};

/** Types whose `date` is their identity (response-cache `idFields`), all tagged as the day. */
const DAY_TYPES = new Set(['DailyArchive', 'ArchiveDay']);

/** The response-cache plugin's entity record. */
export interface CacheEntity {
  typename: string;
  id?: number | string;
}

/** Tags from the entities the response-cache plugin collected while executing. */
export function tagsOfEntities(entities: Iterable<CacheEntity>): Set<string> {
  const tags = new Set<string>();
  for (const { typename, id } of entities) {
    if (id === undefined || id === null || id === '') {
      const list = EMPTY_SLOT_LISTS[typename];
      if (list) tags.add(list);
    } else if (DAY_TYPES.has(typename)) {
      tags.add(`DailyArchive:${id}`);
    } else if (!typename.includes(':')) {
      tags.add(`${typename}:${id}`);
    } else {
      // Already a tag (our own invalidations pass tags through as typenames).
      tags.add(typename);
    }
  }
  return tags;
}

/** List tags of every operation and fragment in a document (a superset for the one run). */
export function listTagsOfDocument(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const tags = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD](node) {
        const parent = typeInfo.getParentType();
        const tag = parent ? LIST_FIELDS[`${parent.name}.${node.name.value}`] : undefined;
        if (tag) tags.add(tag);
      },
    }),
  );
  return tags;
}

const ALL_LISTS = new Set(Object.keys(LIST_LETTERS));

/**
 * The response-cache key: the plugin's hash of document, operation name, variables and
 * session, prefixed with the letters of the document's list tags (`A.T-…`). The store reads
 * the letters back when it stores the response, so the tags need no state kept between the
 * key's making and the storing, whatever the requests in flight.
 */
export function cacheKey(listTags: Iterable<string>, hash: string): string {
  const letters = [...listTags]
    .map((tag) => LIST_LETTERS[tag])
    .filter(Boolean)
    .sort()
    .join('');
  return `${letters || '0'}-${hash}`;
}

export function listTagsOfKey(key: string): string[] {
  const dash = key.indexOf('-');
  if (dash <= 0) return [...ALL_LISTS];
  const letters = key.slice(0, dash);
  if (letters === '0') return [];
  return [...letters].map((letter) => LETTER_LISTS[letter]).filter((tag): tag is string => Boolean(tag));
}

/** The archive day (Asia/Ho_Chi_Minh) of an instant, as the tag names it. */
export function dayTag(publishedAt: string | Date): string {
  return `DailyArchive:${formatLocalDate(localDateOf(new Date(publishedAt)))}`;
}

/** The tag of the related lists of articles carrying tag `tagId`. */
export function relatedListTag(tagId: number): string {
  return `Related:Tag:${encodeGlobalID('Tag', tagId)}`;
}

/**
 * What a publish event purges: the article; its tags, and the related lists of the articles
 * sharing them; its section and the section's parent
 * (a section page lists its subsections' articles); its author; its archive day; the same
 * for where it was before an edit moved it; and `List:Article`, for every list and lookup
 * whose membership may have changed.
 */
export function tagsOfArticleEvent(event: ArticleEvent): string[] {
  const tags = new Set<string>([`Article:${encodeGlobalID('Article', event.articleId)}`]);
  for (const tagId of event.tagIds) tags.add(`Tag:${encodeGlobalID('Tag', tagId)}`);
  for (const tagId of event.tagIds) tags.add(relatedListTag(tagId));
  const places = [event, ...(event.previous ? [event.previous] : [])];
  for (const place of places) {
    for (const categoryId of [place.categoryId, place.parentCategoryId]) {
      if (categoryId != null) tags.add(`Category:${encodeGlobalID('Category', categoryId)}`);
    }
    if (place.authorId != null) tags.add(`Author:${encodeGlobalID('Author', place.authorId)}`);
    if (place.publishedAt) tags.add(dayTag(place.publishedAt));
  }
  tags.add(LIST_ARTICLE);
  return [...tags];
}

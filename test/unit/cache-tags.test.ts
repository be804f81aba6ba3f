import { encodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cacheKey, listTagsOfDocument, listTagsOfKey, tagsOfArticleEvent, tagsOfEntities } from '../../src/cache/tags.js';
import { schema } from '../../src/schema/index.js';

const listTags = (document: string) => [...listTagsOfDocument(schema, parse(document))].sort();

describe('tagsOfEntities', () => {
  it('names entities by typename and Relay global id, archive days by date', () => {
    const tags = tagsOfEntities([
      { typename: 'Article', id: 'QXJ0aWNsZTox' },
      { typename: 'Tag', id: 'VGFnOjM=' },
      { typename: 'DailyArchive', id: '2024-03-04' },
      { typename: 'ArchiveDay', id: '2024-03-05' },
    ]);
    expect([...tags]).toEqual(['Article:QXJ0aWNsZTox', 'Tag:VGFnOjM=', 'DailyArchive:2024-03-04', 'DailyArchive:2024-03-05']);
  });

  it('turns an empty or null slot into the list that could fill it, and drops the rest', () => {
    const tags = tagsOfEntities(
      ['Article', 'Node', 'Tag', 'Category', 'Author', 'ArticleImage', 'ArticleEdge', 'PageInfo'].map((typename) => ({ typename })),
    );
    expect([...tags].sort()).toEqual(['List:Article', 'List:Author', 'List:Category', 'List:Tag']);
  });
});

describe('listTagsOfDocument', () => {
  it('tags root lists and lookups of what may appear, not one entity’s page', () => {
    expect(listTags('{ articles(first: 5) { totalCount } }')).toEqual(['List:Article']);
    expect(listTags('{ article(slug: "a") { title relatedArticles { title } tags { name } } }')).toEqual([]);
    expect(listTags('{ tag(slug: "a") { name articles(first: 5) { totalCount } } }')).toEqual([]);
    expect(listTags('{ categories { name children { name } } tags(first: 5) { totalCount } }')).toEqual(['List:Category', 'List:Tag']);
    expect(listTags('{ dailyArchive(date: "2024-03-04") { totalCount } }')).toEqual([]);
    expect(listTags('{ dailyArchive(date: "2024-03-04") { nextDay { date } } }')).toEqual(['List:Article']);
  });

  it('reads fragments too', () => {
    expect(listTags('query { ...Home } fragment Home on Query { articles(first: 1) { totalCount } }')).toEqual(['List:Article']);
  });
});

describe('cache keys', () => {
  it('carry the document’s list tags to the store', () => {
    const key = cacheKey(['List:Tag', 'List:Article'], 'abc');
    expect(key).toBe('AT-abc');
    expect(listTagsOfKey(key)).toEqual(['List:Article', 'List:Tag']);
    expect(listTagsOfKey(cacheKey([], 'abc'))).toEqual([]);
  });

  it('read a key of unknown shape as depending on every list', () => {
    expect(listTagsOfKey('abcdef').sort()).toEqual(['List:Article', 'List:Author', 'List:Category', 'List:Tag']);
  });
});

describe('tagsOfArticleEvent', () => {
  it('purges the article, its tags and their related lists, sections, author and Vietnamese day, where it was before, and the article lists', () => {
    const tags = tagsOfArticleEvent({
      type: 'UPDATED',
      articleId: 1,
      slug: 'a',
      categoryId: 4,
      parentCategoryId: 2,
      tagIds: [3, 5],
      authorId: 7,
      // 00:30 on 4 March in Vietnam
      publishedAt: '2024-03-03T17:30:00.000Z',
      previous: { categoryId: 9, parentCategoryId: null, authorId: 8, publishedAt: '2024-02-01T01:00:00.000Z' },
      occurredAt: '2024-03-04T00:00:00.000Z',
    });
    expect(tags.sort()).toEqual(
      [
        `Article:${encodeGlobalID('Article', 1)}`,
        `Tag:${encodeGlobalID('Tag', 3)}`,
        `Tag:${encodeGlobalID('Tag', 5)}`,
        `Related:Tag:${encodeGlobalID('Tag', 3)}`,
        `Related:Tag:${encodeGlobalID('Tag', 5)}`,
        `Category:${encodeGlobalID('Category', 4)}`,
        `Category:${encodeGlobalID('Category', 2)}`,
        `Category:${encodeGlobalID('Category', 9)}`,
        `Author:${encodeGlobalID('Author', 7)}`,
        `Author:${encodeGlobalID('Author', 8)}`,
        'DailyArchive:2024-03-04',
        'DailyArchive:2024-02-01',
        'List:Article',
      ].sort(),
    );
    expect(tags.every((tag) => tag.includes(':'))).toBe(true);
  });
});

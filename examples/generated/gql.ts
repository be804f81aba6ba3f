/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ArticleCard on Article {\n  id\n  title\n  url\n  lead\n  publishedAt\n  publishedAtText\n  images {\n    src\n    alt\n  }\n  author {\n    id\n    name\n    url\n  }\n  category {\n    id\n    name\n    url\n  }\n  tags {\n    id\n    name\n    url\n  }\n}": typeof types.ArticleCardFragmentDoc,
    "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}": typeof types.PageInfoFieldsFragmentDoc,
    "query ArchiveCalendar($year: Int!, $month: Int!, $category: String) {\n  archiveCalendar(year: $year, month: $month, category: $category) {\n    year\n    month\n    category {\n      id\n      name\n    }\n    days {\n      date\n      articleCount\n    }\n  }\n}": typeof types.ArchiveCalendarDocument,
    "query ArticlePage($slug: String!, $related: Int = 6) {\n  article(slug: $slug) {\n    id\n    title\n    slug\n    url\n    dateline\n    lead\n    publishedAt\n    publishedAtText\n    updatedAt\n    readingTimeMinutes\n    body {\n      kind\n      text\n    }\n    images {\n      src\n      alt\n      caption\n      width\n      height\n    }\n    author {\n      id\n      name\n      slug\n      url\n    }\n    category {\n      id\n      name\n      slug\n      url\n      parent {\n        id\n        name\n        url\n      }\n    }\n    tags {\n      id\n      name\n      slug\n      url\n    }\n    relatedArticles(first: $related) {\n      id\n      title\n      url\n      publishedAtText\n      images {\n        src\n        alt\n      }\n    }\n  }\n}": typeof types.ArticlePageDocument,
    "query AuthorPage($slug: String!, $first: Int = 20, $after: String) {\n  author(slug: $slug) {\n    id\n    name\n    slug\n    bio\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": typeof types.AuthorPageDocument,
    "query CategoriesMenu {\n  categories {\n    id\n    name\n    slug\n    url\n    position\n    children {\n      id\n      name\n      slug\n      url\n      position\n    }\n  }\n}": typeof types.CategoriesMenuDocument,
    "query DailyArchivePage($date: LocalDate!, $category: String, $first: Int = 20, $after: String) {\n  dailyArchive(date: $date, category: $category) {\n    date\n    totalCount\n    category {\n      id\n      name\n      url\n    }\n    articles(first: $first, after: $after) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n    previousDay {\n      date\n    }\n    nextDay {\n      date\n    }\n    categories {\n      category {\n        id\n        name\n        slug\n      }\n      count\n    }\n  }\n}": typeof types.DailyArchivePageDocument,
    "query HomePage($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": typeof types.HomePageDocument,
    "query NodeLookup($id: ID!, $ids: [ID!]!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Article {\n      ...ArticleCard\n    }\n  }\n  nodes(ids: $ids) {\n    __typename\n    id\n    ... on Article {\n      title\n      url\n    }\n    ... on Author {\n      name\n      url\n    }\n  }\n}": typeof types.NodeLookupDocument,
    "query SearchPage($query: String!, $first: Int = 10, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      score\n      snippet\n      snippetField\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": typeof types.SearchPageDocument,
    "query SectionPage($slug: String!, $first: Int = 20, $after: String) {\n  category(slug: $slug) {\n    id\n    name\n    slug\n    url\n    description\n    parent {\n      id\n      name\n      url\n    }\n    children {\n      id\n      name\n      slug\n      url\n    }\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": typeof types.SectionPageDocument,
    "query TagIndex($first: Int = 50, $after: String) {\n  tags(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      node {\n        id\n        name\n        slug\n        url\n      }\n    }\n  }\n}": typeof types.TagIndexDocument,
    "query TagPage($slug: String!, $first: Int = 20, $after: String) {\n  tag(slug: $slug) {\n    id\n    name\n    slug\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": typeof types.TagPageDocument,
};
const documents: Documents = {
    "fragment ArticleCard on Article {\n  id\n  title\n  url\n  lead\n  publishedAt\n  publishedAtText\n  images {\n    src\n    alt\n  }\n  author {\n    id\n    name\n    url\n  }\n  category {\n    id\n    name\n    url\n  }\n  tags {\n    id\n    name\n    url\n  }\n}": types.ArticleCardFragmentDoc,
    "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}": types.PageInfoFieldsFragmentDoc,
    "query ArchiveCalendar($year: Int!, $month: Int!, $category: String) {\n  archiveCalendar(year: $year, month: $month, category: $category) {\n    year\n    month\n    category {\n      id\n      name\n    }\n    days {\n      date\n      articleCount\n    }\n  }\n}": types.ArchiveCalendarDocument,
    "query ArticlePage($slug: String!, $related: Int = 6) {\n  article(slug: $slug) {\n    id\n    title\n    slug\n    url\n    dateline\n    lead\n    publishedAt\n    publishedAtText\n    updatedAt\n    readingTimeMinutes\n    body {\n      kind\n      text\n    }\n    images {\n      src\n      alt\n      caption\n      width\n      height\n    }\n    author {\n      id\n      name\n      slug\n      url\n    }\n    category {\n      id\n      name\n      slug\n      url\n      parent {\n        id\n        name\n        url\n      }\n    }\n    tags {\n      id\n      name\n      slug\n      url\n    }\n    relatedArticles(first: $related) {\n      id\n      title\n      url\n      publishedAtText\n      images {\n        src\n        alt\n      }\n    }\n  }\n}": types.ArticlePageDocument,
    "query AuthorPage($slug: String!, $first: Int = 20, $after: String) {\n  author(slug: $slug) {\n    id\n    name\n    slug\n    bio\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": types.AuthorPageDocument,
    "query CategoriesMenu {\n  categories {\n    id\n    name\n    slug\n    url\n    position\n    children {\n      id\n      name\n      slug\n      url\n      position\n    }\n  }\n}": types.CategoriesMenuDocument,
    "query DailyArchivePage($date: LocalDate!, $category: String, $first: Int = 20, $after: String) {\n  dailyArchive(date: $date, category: $category) {\n    date\n    totalCount\n    category {\n      id\n      name\n      url\n    }\n    articles(first: $first, after: $after) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n    previousDay {\n      date\n    }\n    nextDay {\n      date\n    }\n    categories {\n      category {\n        id\n        name\n        slug\n      }\n      count\n    }\n  }\n}": types.DailyArchivePageDocument,
    "query HomePage($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": types.HomePageDocument,
    "query NodeLookup($id: ID!, $ids: [ID!]!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Article {\n      ...ArticleCard\n    }\n  }\n  nodes(ids: $ids) {\n    __typename\n    id\n    ... on Article {\n      title\n      url\n    }\n    ... on Author {\n      name\n      url\n    }\n  }\n}": types.NodeLookupDocument,
    "query SearchPage($query: String!, $first: Int = 10, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      score\n      snippet\n      snippetField\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}": types.SearchPageDocument,
    "query SectionPage($slug: String!, $first: Int = 20, $after: String) {\n  category(slug: $slug) {\n    id\n    name\n    slug\n    url\n    description\n    parent {\n      id\n      name\n      url\n    }\n    children {\n      id\n      name\n      slug\n      url\n    }\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": types.SectionPageDocument,
    "query TagIndex($first: Int = 50, $after: String) {\n  tags(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      node {\n        id\n        name\n        slug\n        url\n      }\n    }\n  }\n}": types.TagIndexDocument,
    "query TagPage($slug: String!, $first: Int = 20, $after: String) {\n  tag(slug: $slug) {\n    id\n    name\n    slug\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}": types.TagPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ArticleCard on Article {\n  id\n  title\n  url\n  lead\n  publishedAt\n  publishedAtText\n  images {\n    src\n    alt\n  }\n  author {\n    id\n    name\n    url\n  }\n  category {\n    id\n    name\n    url\n  }\n  tags {\n    id\n    name\n    url\n  }\n}"): (typeof documents)["fragment ArticleCard on Article {\n  id\n  title\n  url\n  lead\n  publishedAt\n  publishedAtText\n  images {\n    src\n    alt\n  }\n  author {\n    id\n    name\n    url\n  }\n  category {\n    id\n    name\n    url\n  }\n  tags {\n    id\n    name\n    url\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}"): (typeof documents)["fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ArchiveCalendar($year: Int!, $month: Int!, $category: String) {\n  archiveCalendar(year: $year, month: $month, category: $category) {\n    year\n    month\n    category {\n      id\n      name\n    }\n    days {\n      date\n      articleCount\n    }\n  }\n}"): (typeof documents)["query ArchiveCalendar($year: Int!, $month: Int!, $category: String) {\n  archiveCalendar(year: $year, month: $month, category: $category) {\n    year\n    month\n    category {\n      id\n      name\n    }\n    days {\n      date\n      articleCount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ArticlePage($slug: String!, $related: Int = 6) {\n  article(slug: $slug) {\n    id\n    title\n    slug\n    url\n    dateline\n    lead\n    publishedAt\n    publishedAtText\n    updatedAt\n    readingTimeMinutes\n    body {\n      kind\n      text\n    }\n    images {\n      src\n      alt\n      caption\n      width\n      height\n    }\n    author {\n      id\n      name\n      slug\n      url\n    }\n    category {\n      id\n      name\n      slug\n      url\n      parent {\n        id\n        name\n        url\n      }\n    }\n    tags {\n      id\n      name\n      slug\n      url\n    }\n    relatedArticles(first: $related) {\n      id\n      title\n      url\n      publishedAtText\n      images {\n        src\n        alt\n      }\n    }\n  }\n}"): (typeof documents)["query ArticlePage($slug: String!, $related: Int = 6) {\n  article(slug: $slug) {\n    id\n    title\n    slug\n    url\n    dateline\n    lead\n    publishedAt\n    publishedAtText\n    updatedAt\n    readingTimeMinutes\n    body {\n      kind\n      text\n    }\n    images {\n      src\n      alt\n      caption\n      width\n      height\n    }\n    author {\n      id\n      name\n      slug\n      url\n    }\n    category {\n      id\n      name\n      slug\n      url\n      parent {\n        id\n        name\n        url\n      }\n    }\n    tags {\n      id\n      name\n      slug\n      url\n    }\n    relatedArticles(first: $related) {\n      id\n      title\n      url\n      publishedAtText\n      images {\n        src\n        alt\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuthorPage($slug: String!, $first: Int = 20, $after: String) {\n  author(slug: $slug) {\n    id\n    name\n    slug\n    bio\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query AuthorPage($slug: String!, $first: Int = 20, $after: String) {\n  author(slug: $slug) {\n    id\n    name\n    slug\n    bio\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CategoriesMenu {\n  categories {\n    id\n    name\n    slug\n    url\n    position\n    children {\n      id\n      name\n      slug\n      url\n      position\n    }\n  }\n}"): (typeof documents)["query CategoriesMenu {\n  categories {\n    id\n    name\n    slug\n    url\n    position\n    children {\n      id\n      name\n      slug\n      url\n      position\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DailyArchivePage($date: LocalDate!, $category: String, $first: Int = 20, $after: String) {\n  dailyArchive(date: $date, category: $category) {\n    date\n    totalCount\n    category {\n      id\n      name\n      url\n    }\n    articles(first: $first, after: $after) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n    previousDay {\n      date\n    }\n    nextDay {\n      date\n    }\n    categories {\n      category {\n        id\n        name\n        slug\n      }\n      count\n    }\n  }\n}"): (typeof documents)["query DailyArchivePage($date: LocalDate!, $category: String, $first: Int = 20, $after: String) {\n  dailyArchive(date: $date, category: $category) {\n    date\n    totalCount\n    category {\n      id\n      name\n      url\n    }\n    articles(first: $first, after: $after) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n    previousDay {\n      date\n    }\n    nextDay {\n      date\n    }\n    categories {\n      category {\n        id\n        name\n        slug\n      }\n      count\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomePage($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"): (typeof documents)["query HomePage($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NodeLookup($id: ID!, $ids: [ID!]!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Article {\n      ...ArticleCard\n    }\n  }\n  nodes(ids: $ids) {\n    __typename\n    id\n    ... on Article {\n      title\n      url\n    }\n    ... on Author {\n      name\n      url\n    }\n  }\n}"): (typeof documents)["query NodeLookup($id: ID!, $ids: [ID!]!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Article {\n      ...ArticleCard\n    }\n  }\n  nodes(ids: $ids) {\n    __typename\n    id\n    ... on Article {\n      title\n      url\n    }\n    ... on Author {\n      name\n      url\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchPage($query: String!, $first: Int = 10, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      score\n      snippet\n      snippetField\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"): (typeof documents)["query SearchPage($query: String!, $first: Int = 10, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    totalCountIsExact\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      score\n      snippet\n      snippetField\n      node {\n        ...ArticleCard\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SectionPage($slug: String!, $first: Int = 20, $after: String) {\n  category(slug: $slug) {\n    id\n    name\n    slug\n    url\n    description\n    parent {\n      id\n      name\n      url\n    }\n    children {\n      id\n      name\n      slug\n      url\n    }\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query SectionPage($slug: String!, $first: Int = 20, $after: String) {\n  category(slug: $slug) {\n    id\n    name\n    slug\n    url\n    description\n    parent {\n      id\n      name\n      url\n    }\n    children {\n      id\n      name\n      slug\n      url\n    }\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TagIndex($first: Int = 50, $after: String) {\n  tags(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      node {\n        id\n        name\n        slug\n        url\n      }\n    }\n  }\n}"): (typeof documents)["query TagIndex($first: Int = 50, $after: String) {\n  tags(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      node {\n        id\n        name\n        slug\n        url\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TagPage($slug: String!, $first: Int = 20, $after: String) {\n  tag(slug: $slug) {\n    id\n    name\n    slug\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query TagPage($slug: String!, $first: Int = 20, $after: String) {\n  tag(slug: $slug) {\n    id\n    name\n    slug\n    url\n    articles(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        cursor\n        node {\n          ...ArticleCard\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
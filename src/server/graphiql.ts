/**
 * What GraphiQL opens with: the reference article's page, as a web frontend fetches it, and a
 * tab for each example operation in examples/ (every entry point: the pages of a news site,
 * the daily archive and its calendar, search, refetching by id, the tag index, and the CMS's
 * editorial flows), each with variables that work on the demo content. The tabs are the same
 * documents the tests run and the trusted-documents manifest holds, shared fragments included.
 */
import type { GraphiQLOptions } from 'graphql-yoga';
import { exampleDocuments } from '../persisted/example-documents.js';
import { projectRoot } from '../persisted/manifest.js';

export const defaultGraphiqlQuery = /* GraphQL */ `
  # An article page: the article, its byline, tags, section, pictures and "other news".
  # Press ▶ to run it. The other tabs hold an example for every entry point of the API.
  query ArticlePage($slug: String = "luc-yen-co-tren-400-mo-hinh-dan-van-kheo") {
    article(slug: $slug) {
      id
      title
      url
      dateline
      publishedAt
      publishedAtText
      readingTimeMinutes
      lead
      body {
        kind
        text
      }
      images {
        src
        caption
      }
      author {
        name
        url
      }
      category {
        name
        url
      }
      tags {
        name
        slug
      }
      relatedArticles(first: 6) {
        title
        url
        publishedAtText
      }
    }
  }
`;

/** Example folders shown as tabs, readers' pages first; ArticlePage is the first tab already. */
const EXAMPLE_FOLDERS = ['examples/operations', 'examples/editorial'];

function exampleTabs(root: string): NonNullable<GraphiQLOptions['defaultTabs']> {
  return EXAMPLE_FOLDERS.flatMap((folder) => exampleDocuments(root, folder))
    .filter((example) => example.operationName !== 'ArticlePage')
    .map((example) => ({
      query: `# ${example.description}\n# (${example.file}${example.file.startsWith('examples/editorial') ? '; send an editor\'s token: Headers → {"Authorization": "Bearer ngw_…"}' : ''})\n${example.document}`,
      variables: example.variables ? JSON.stringify(example.variables, null, 2) : null,
    }));
}

export function graphiqlOptions(root = projectRoot): GraphiQLOptions {
  return {
    title: 'News gateway · GraphiQL',
    defaultQuery: defaultGraphiqlQuery,
    defaultTabs: [{ query: defaultGraphiqlQuery }, ...exampleTabs(root)],
  };
}

/**
 * The malformed inputs of the hostile-input report (issue 13), each answered with a coded
 * client error before any SQL: NUL bytes in slugs and filters, cursors that decode to keys
 * out of range or of the wrong type, global ids past int4 or not numeric.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCorpus } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const cases: [string, string, Record<string, unknown>, string][] = [
  ['a NUL byte in a tag slug', 'query($s: String!) { tag(slug: $s) { name } }', { s: 'luc\u0000yen' }, 'BAD_USER_INPUT'],
  ['a NUL byte in an author slug', 'query($s: String!) { author(slug: $s) { name } }', { s: '\u0000' }, 'BAD_USER_INPUT'],
  ['a NUL byte in a section slug', 'query($s: String!) { category(slug: $s) { name } }', { s: 'thoi-su\u0000' }, 'BAD_USER_INPUT'],
  ['a NUL byte in an article slug', 'query($s: String) { article(slug: $s) { title } }', { s: 'a\u0000b' }, 'BAD_USER_INPUT'],
  [
    'a NUL byte in a list filter',
    'query($f: ArticleFilter) { articles(filter: $f) { totalCount } }',
    { f: { tag: 'luc-yen\u0000' } },
    'BAD_USER_INPUT',
  ],
  [
    'a NUL byte in a search filter',
    'query($f: ArticleFilter) { search(query: "Lục Yên", filter: $f) { totalCount } }',
    { f: { category: '\u0000' } },
    'BAD_USER_INPUT',
  ],
  ['a slug of 10,000 characters', 'query($s: String!) { tag(slug: $s) { name } }', { s: 'a'.repeat(10_000) }, 'BAD_USER_INPUT'],
  ['a cursor past int4', 'query($c: String) { articles(after: $c) { totalCount } }', { c: base64('GPC:N:2147483648') }, 'INVALID_CURSOR'],
  ['a non-numeric cursor', 'query($c: String) { articles(after: $c) { totalCount } }', { c: base64('GPC:N:abc') }, 'INVALID_CURSOR'],
  ['an object cursor', 'query($c: String) { tags(after: $c) { totalCount } }', { c: base64('GPC:J:{}') }, 'INVALID_CURSOR'],
  ['a string-keyed cursor', 'query($c: String) { tags(before: $c, last: 2) { totalCount } }', { c: base64('GPC:S:x') }, 'INVALID_CURSOR'],
  [
    'a nested connection cursor',
    'query($c: String) { tag(slug: "luc-yen") { articles(after: $c) { totalCount } } }',
    { c: base64('GPC:N:-1') },
    'INVALID_CURSOR',
  ],
  ['a forged search cursor', 'query($c: String) { search(query: "Lục Yên", after: $c) { totalCount } }', { c: 'AAAA' }, 'INVALID_CURSOR'],
  ['an article id past int4', 'query($id: ID) { article(id: $id) { title } }', { id: base64('Article:2147483648') }, 'INVALID_ID'],
  ['a non-numeric article id', 'query($id: ID) { article(id: $id) { title } }', { id: base64('Article:abc') }, 'INVALID_ID'],
  ['a node id past int4', 'query($id: ID!) { node(id: $id) { id } }', { id: base64('Tag:99999999999') }, 'INVALID_ID'],
  [
    'a non-numeric node id',
    'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    { ids: [base64('Article:1'), base64('Author:x')] },
    'INVALID_ID',
  ],
];

describeEachBackend('hostile arguments', ({ db }) => {
  let api: TestGateway;
  beforeAll(async () => {
    await loadCorpus(db().prisma);
    api = createTestGateway(db());
    // The publication dispatcher's first pass (at creation) sends statements of its own: let it end
    // before counting a request's.
    await api.publications.runOnce();
  });
  afterAll(() => api?.dispose());

  for (const [name, query, variables, code] of cases) {
    it(`answers ${name} with ${code}, before any SQL`, async () => {
      const { response, statements } = await api.queryCountingStatements(query, variables);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      expect(response.data ?? null).toBeNull();
      expect(statements).toEqual([]);
    });
  }

  it('still answers a well-formed unknown id and cursor as nothing found', async () => {
    const response = await api.query(
      'query($id: ID!, $c: String) { node(id: $id) { id } articles(first: 2, after: $c) { edges { node { title } } } }',
      { id: base64('Article:2147483647'), c: base64('GPC:N:2147483647') },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ node: null, articles: { edges: [] } });
  });
});

import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COUNT_PRICES } from '../../src/schema/counts.js';
import { schema } from '../../src/schema/index.js';
import { countCost } from '../../src/server/count-cost.js';

const cost = (document: string, variables: Record<string, unknown> = {}) => countCost(schema, parse(document), variables);
const { counter, capped, search } = COUNT_PRICES;

describe('the price of totalCount', () => {
  it('is the price of how each connection counts: counters, capped, full-text', () => {
    expect(cost('{ articles(first: 5) { totalCount } }')).toBe(counter);
    expect(cost('{ articles(first: 5, filter: { tag: "luc-yen" }) { totalCount } }')).toBe(capped);
    expect(cost('{ tags { totalCount } }')).toBe(capped);
    expect(cost('{ tag(slug: "luc-yen") { articles { totalCount } } }')).toBe(counter);
    expect(cost('{ author(slug: "duc-toan") { articles { totalCount } } }')).toBe(counter);
    expect(cost('{ category(slug: "thoi-su") { articles { totalCount } } }')).toBe(counter);
    expect(cost('{ search(query: "Lục Yên") { totalCount } }')).toBe(search);
    expect(cost('{ dailyArchive(date: "2024-03-04") { articles { totalCount } } }')).toBe(capped);
  });

  it('does not grow with the page size: one statement whatever `first`', () => {
    const document = 'query($n: Int) { search(query: "Lục Yên", first: $n) { totalCount edges { node { title } } } }';
    expect(cost(document, { n: 1 })).toBe(search);
    expect(cost(document, { n: 100 })).toBe(search);
  });

  it('is paid once per connection: totalCount and totalCountIsExact share a statement, also through fragments', () => {
    expect(cost('{ tags { totalCount totalCountIsExact } }')).toBe(capped);
    expect(cost('{ tags { totalCount ...C } } fragment C on TagConnection { totalCount totalCountIsExact }')).toBe(capped);
    expect(cost('{ a: tags { totalCount } b: tags { totalCount } }')).toBe(2 * capped);
  });

  it('multiplies by the lists around the connection', () => {
    const nested = 'query($a: Int, $b: Int) { tags(first: $a) { edges { node { articles(first: $b) { totalCount } } } } }';
    expect(cost(nested, { a: 50, b: 1 })).toBe(50 * counter);
    expect(cost(nested, { a: 50, b: 100 })).toBe(50 * counter);
    const ids = Array.from({ length: 40 }, (_, i) => Buffer.from(`Tag:${i + 1}`).toString('base64'));
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { ... on Tag { articles { totalCount } } } }', { ids })).toBe(40 * counter);
  });

  it('is nothing when no count is asked', () => {
    expect(cost('{ articles(first: 20) { edges { node { title tags { name } } } } }')).toBe(0);
  });

  it("is the one README's cost model states", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### The cost model'));
    expect(section.length).toBeLessThan(readme.length);
    for (const [kind, price] of Object.entries(COUNT_PRICES)) expect(section).toMatch(new RegExp(`${kind}[^|\\n]*\\| ${price} \\|`));
  });
});

/**
 * Property-based (fast-check): generated hostile values — NUL and other control bytes, huge,
 * negative and non-numeric numbers, forged cursors (base64 of odd keys), global ids of odd
 * shapes, long strings, any unicode — at every argument of every query and mutation, found by
 * walking the schema, against the real PostgreSQL. Whatever comes, the answer is never
 * INTERNAL_SERVER_ERROR, and nothing is written: each mutation carries at least one value that
 * must be refused (a control character in a required text, or a malformed id), sent with an
 * administrator's token so that authorization is not what stops it.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { loadCorpus } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const RUNS_PER_FIELD = Number(process.env.HOSTILE_RUNS_PER_FIELD ?? 12);

/** Strings that must be refused wherever they go: each holds a control character. */
const controlText = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085'),
    fc.string({ maxLength: 20 }),
  )
  .map(([before, control, after]) => `${before}${control}${after}`);

/** Global ids no row can have: out of int4, negative, not numeric, no type, not base64. */
const malformedId = fc.oneof(
  fc.bigInt({ min: 2_147_483_648n, max: 10n ** 30n }).map((n) => base64(`Article:${n}`)),
  fc.integer({ min: -2_147_483_648, max: 0 }).map((n) => base64(`Tag:${n}`)),
  fc
    .string({ maxLength: 12 })
    .filter((s) => !/^[1-9]\d*$/.test(s))
    .map((s) => base64(`Author:${s}`)),
  fc.constantFrom('', 'Article:1', '%%%', base64(':1'), base64('Article'), base64('Article:1\u0000')),
);

const forgedCursor = fc.oneof(
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => base64(`GPC:N:${n}`)),
  fc.string({ maxLength: 30 }).map((s) => base64(`GPC:${s}`)),
  fc.jsonValue({ maxDepth: 2 }).map((value) => base64(`GPC:J:${JSON.stringify(value)}`)),
  fc.constantFrom(base64('GPC:N:abc'), base64('GPC:J:{}'), base64('GPC:S:x'), base64('GPC:N:1e+21'), base64('GPC:T:[]')),
  fc.base64String({ maxLength: 40 }),
);

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  controlText,
  fc.nat({ max: 20_000 }).map((n) => 'ă'.repeat(n)),
  forgedCursor,
  fc.constantFrom('luc-yen', 'thoi-su', 'duc-toan', 'trong-tinh', 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo', '2024-03-04', 'Lục Yên'),
);

const anyInt = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, 1, 6, 20, 100, 101, -1, 2_147_483_647, -2_147_483_648),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 40), 1.5, Number.MAX_VALUE),
);

const anyDate = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2024-03-04', '2024-02-30', 'yesterday', '+275760-09-13T00:00:00.000Z', '0000-01-01', '20000-01-01', ''),
  anyText,
);

function arbitraryFor(type: GraphQLInputType, ids: string[]): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, ids);
  return fc.option(valueFor(type, ids), { nil: null, freq: 6 });
}

/** A value of the type, never null. */
function valueFor(type: GraphQLInputType, ids: string[]): fc.Arbitrary<unknown> {
  if (isListType(type)) return fc.array(arbitraryFor(type.ofType, ids), { maxLength: 8 });
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record = Object.fromEntries(fields.map((field) => [field.name, arbitraryFor(field.type, ids)]));
    const required = fields.filter((field) => isNonNullType(field.type)).map((field) => field.name);
    return fc.record(record, { requiredKeys: required });
  }
  if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((value) => value.name)), anyText);
  const scalar: Record<string, fc.Arbitrary<unknown>> = {
    ID: fc.oneof(fc.constantFrom(...ids), malformedId, forgedCursor, anyText),
    String: anyText,
    Int: anyInt,
    Float: fc.oneof(fc.double(), anyInt),
    Boolean: fc.oneof(fc.boolean(), fc.constant('true')),
    DateTime: anyDate,
    LocalDate: anyDate,
  };
  return scalar[getNamedType(type).name] ?? anyText;
}

/** Replaces the first required ID or text in `value` with one that must be refused. */
function poison(type: GraphQLInputType, value: unknown, bad: { id: string; text: string }): { value: unknown; done: boolean } {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return { value, done: false };
  if (isInputObjectType(inner)) {
    if (!value || typeof value !== 'object') return { value, done: false };
    for (const field of Object.values(inner.getFields())) {
      if (!isNonNullType(field.type)) continue;
      const result = poison(field.type, (value as Record<string, unknown>)[field.name], bad);
      if (result.done) return { value: { ...value, [field.name]: result.value }, done: true };
    }
    return { value, done: false };
  }
  const name = getNamedType(inner).name;
  if (name === 'ID') return { value: bad.id, done: true };
  if (name === 'String') return { value: bad.text, done: true };
  return { value, done: false };
}

function typeText(type: GraphQLInputType): string {
  return type.toString();
}

/** One operation calling `field` with every argument as a variable, and the variables' arbitrary. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, ids: string[]) {
  const args = field.args;
  const definitions = args.map((arg, i) => `$a${i}: ${typeText(arg.type)}`).join(', ');
  const call = args.length ? `(${args.map((arg, i) => `${arg.name}: $a${i}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const text = `${kind}${definitions ? `(${definitions})` : ''} { ${field.name}${call}${selection} }`;
  const variables = fc
    .tuple(...args.map((arg) => arbitraryFor(arg.type, ids)))
    .map((values) => Object.fromEntries(values.map((value, i) => [`a${i}`, value])));
  return { text, variables };
}

/** Nested fields with arguments, reached through a root field whose arguments find a real row. */
const NESTED: [string, string][] = [
  [
    'Tag.articles',
    'query($a: String, $b: String, $f: Int, $l: Int) { tag(slug: "luc-yen") { articles(after: $a, before: $b, first: $f, last: $l) { totalCount edges { node { title } } } } }',
  ],
  [
    'Author.articles',
    'query($a: String, $b: String, $f: Int, $l: Int) { author(slug: "duc-toan") { articles(after: $a, before: $b, first: $f, last: $l) { totalCount edges { cursor } } } }',
  ],
  [
    'Category.articles',
    'query($a: String, $b: String, $f: Int, $l: Int) { category(slug: "thoi-su") { articles(after: $a, before: $b, first: $f, last: $l) { totalCount edges { cursor } } } }',
  ],
  [
    'DailyArchive.articles',
    'query($a: String, $b: String, $f: Int, $l: Int) { dailyArchive(date: "2024-03-03") { articles(after: $a, before: $b, first: $f, last: $l) { edges { cursor } } } }',
  ],
  [
    'Article.relatedArticles',
    'query($f: Int) { article(slug: "luc-yen-co-tren-400-mo-hinh-dan-van-kheo") { relatedArticles(first: $f) { title } } }',
  ],
];

describe('hostile values at every argument [postgres]', () => {
  let db: TestDatabase;
  let api: TestGateway;
  let token: string;
  let ids: string[];

  const rowCounts = async () => {
    const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const counts: Record<string, number> = {};
    for (const { tablename } of tables) {
      const [row] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${tablename}"`);
      counts[tablename] = Number(row!.n);
    }
    return counts;
  };

  const codesOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    (response.errors ?? []).map((error) => error.extensions?.code);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const corpus = await loadCorpus(db.prisma);
    token = await createEditorToken(db.prisma, { role: 'ADMIN' });
    api = createTestGateway(db);
    const article = await db.prisma.article.findFirstOrThrow({ select: { id: true } });
    ids = [
      base64(`Article:${article.id}`),
      base64(`Tag:${corpus.tags.lucYen.id}`),
      base64(`Author:${corpus.authors.ducToan.id}`),
      base64(`Category:${corpus.categories.thoiSu.id}`),
      base64('Article:2147483647'),
    ];
  });
  afterAll(async () => {
    await api?.dispose();
    await db?.drop();
  });

  it('never answers INTERNAL_SERVER_ERROR to any query argument', async () => {
    const before = await rowCounts();
    const fields = Object.values(schema.getQueryType()!.getFields()).filter((field) => field.args.length > 0);
    expect(fields.map((field) => field.name)).toContain('nodes');
    for (const field of fields) {
      const { text, variables } = operationFor('query', field, ids);
      await fc.assert(
        fc.asyncProperty(variables, async (values) => {
          const response = await api.query(text, values);
          expect(codesOf(response), `${text} ${JSON.stringify(values).slice(0, 500)}`).not.toContain('INTERNAL_SERVER_ERROR');
        }),
        { numRuns: RUNS_PER_FIELD },
      );
    }
    for (const [name, text] of NESTED) {
      const variables = fc.record({
        a: arbitraryFor(schema.getType('String') as GraphQLInputType, ids),
        b: forgedCursor,
        f: anyInt,
        l: anyInt,
      });
      await fc.assert(
        fc.asyncProperty(variables, async (values) => {
          const response = await api.query(text, values);
          expect(codesOf(response), `${name} ${JSON.stringify(values).slice(0, 500)}`).not.toContain('INTERNAL_SERVER_ERROR');
        }),
        { numRuns: RUNS_PER_FIELD },
      );
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('never answers INTERNAL_SERVER_ERROR to a mutation, and never writes when a value must be refused', async () => {
    const before = await rowCounts();
    const fields = Object.values(schema.getMutationType()!.getFields());
    expect(fields.length).toBeGreaterThan(5);
    for (const field of fields) {
      const { text, variables } = operationFor('mutation', field, ids);
      const poisoned = fc.tuple(variables, malformedId, controlText).map(([values, id, bad]) => {
        for (const [i, arg] of field.args.entries()) {
          const result = poison(arg.type, values[`a${i}`], { id, text: bad });
          if (result.done) return { ...values, [`a${i}`]: result.value };
        }
        throw new Error(`${field.name} has no required id or text to poison`);
      });
      await fc.assert(
        fc.asyncProperty(poisoned, async (values) => {
          const response = await api.query(text, values, token);
          const context = `${text} ${JSON.stringify(values).slice(0, 500)}`;
          expect(codesOf(response), context).not.toContain('INTERNAL_SERVER_ERROR');
          expect(response.errors?.length ?? 0, context).toBeGreaterThan(0);
        }),
        { numRuns: RUNS_PER_FIELD },
      );
    }
    expect(await rowCounts()).toEqual(before);
  });
});

/**
 * graphql-cop's two findings against the production gateway (issue 13 item 7), reproduced
 * with its own documents against `src/main.ts` in production mode over PostgreSQL:
 * "Alias Overloading" (101 `__typename` aliases answered) and "Directive Overloading"
 * (ten unknown directives answered with ten errors, i.e. processed one by one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';

describe('graphql-cop in production', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    server = await startServer({ NODE_ENV: 'production', DATABASE_URL: db.url!, RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('refuses 101 __typename aliases (alias overloading) with TOO_MANY_ALIASES, answering none', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join('\n');
    const { body } = await postQuery(server.url, `query cop { ${aliases} }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses unknown directives (directive overloading) with one UNKNOWN_DIRECTIVE error, not one per directive', async () => {
    const { body } = await postQuery(server.url, 'query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions?.code).toBe('UNKNOWN_DIRECTIVE');
  });

  it('still answers a document within the limits, with known directives', async () => {
    const { body } = await postQuery(server.url, 'query ok($no: Boolean = false) { a: __typename b: __typename @skip(if: $no) }');
    expect(body).toEqual({ data: { a: 'Query', b: 'Query' } });
  });
});

import { expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { createTestGateway } from '../support/gateway.js';

it('masks an internal failure: no SQL, no stack, no driver message, a stable code', async () => {
  const db = await createTestDatabase('postgres');
  const api = createTestGateway(db);
  // Break the database under the gateway: the table it reads is gone.
  await db.prisma.$executeRawUnsafe('DROP TABLE "Article" CASCADE');
  const response = await api.query('{ articles(first: 2) { edges { node { title } } } }');
  await db.drop();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  const text = JSON.stringify(response);
  expect(text).not.toMatch(/\\"Article\\"|relation|SELECT|stack|\.ts:\d+|[Pp]risma|does not exist/);
});

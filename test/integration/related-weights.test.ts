/**
 * The gateway records its related-article weights (table RelatedWeights) for the view
 * RelatedArticle. A failure to record them must not leave related lists empty until a restart:
 * a later request tries again. The fault is real: a PostgreSQL role without INSERT on the table,
 * then the grant.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { relatedWeightsRegistration } from '../../src/db/related-weights.js';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/databases.js';

const weights = { sameCategoryBonus: 0.37, halfLifeDays: 11 };

describe('related-article weights', () => {
  let owner: TestDatabase;
  let restricted: Database;
  const role = `weights_${randomBytes(4).toString('hex')}`;
  const asOwner = async (sql: string) => {
    const client = new pg.Client({ connectionString: owner.url! });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    owner = await createTestDatabase('postgres');
    await asOwner(`CREATE ROLE ${role} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    const url = new URL(owner.url!);
    url.username = role;
    restricted = await openDatabase({ url: url.toString() });
  });

  afterAll(async () => {
    await restricted?.close();
    await owner?.drop();
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    await client.query(`DROP ROLE IF EXISTS ${role}`);
    await client.end();
  });

  it('are recorded by a later request when the first attempt failed', async () => {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
    const retryMs = 3_000;
    const ensure = relatedWeightsRegistration(restricted.prisma, weights, logger, retryMs);
    await ensure(); // the start-up attempt: INSERT refused
    await ensure(); // within the retry interval: no second attempt, no second error
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not record the related-article weights/);
    expect(await asOwner(`SELECT 1 FROM "RelatedWeights" WHERE "halfLifeDays" = 11`)).toHaveLength(0);

    await asOwner(`GRANT INSERT ON "RelatedWeights" TO ${role}`);
    await new Promise((resolve) => setTimeout(resolve, retryMs + 100));
    await ensure(); // the next request after the interval tries again, and succeeds
    expect(await asOwner(`SELECT "sameCategoryBonus" FROM "RelatedWeights" WHERE "halfLifeDays" = 11`)).toEqual([
      { sameCategoryBonus: 0.37 },
    ]);
    expect(errors).toHaveLength(1);
  });
});

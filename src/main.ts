/**
 * Starts the gateway: configuration → database (migrated; demo content on a fresh embedded
 * database) → GraphQL schema → HTTP server.
 */
import { ConfigError, loadConfig } from './config.js';
import { describeDatabase, openConfiguredDatabase } from './db/open-configured.js';
import { applyMigrations } from './db/migrations.js';
import { createArticleEventBus } from './events/article-events.js';
import { isDatabaseEmpty, seedDemoContent } from './seed/demo.js';
import { listen } from './server/http.js';
import { createGateway } from './server/yoga.js';

async function main() {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  console.log(`Database: ${describeDatabase(config)}`);

  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);

  // Demo content only ever goes into an empty embedded database; a server is seeded explicitly.
  if (db.kind === 'pglite' && config.seedDemo && (await isDatabaseEmpty(db.prisma))) {
    console.log('Empty embedded database: seeding demo content…');
    await seedDemoContent(db.prisma);
  }

  const events = createArticleEventBus(config.redisUrl);
  const server = await listen(createGateway({ config, db, events }), config.port, config.host);
  console.log(`GraphQL and GraphiQL at ${server.url}`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.close();
    await events.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

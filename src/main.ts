/**
 * Starts the gateway: configuration → database (migrated; demo content on a fresh embedded
 * database) → GraphQL schema → HTTP server, and stops it gracefully on SIGTERM or SIGINT.
 */
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { describeDatabase, openConfiguredDatabase } from './db/open-configured.js';
import { applyMigrations } from './db/migrations.js';
import { createArticleEventBus } from './events/article-events.js';
import { connectRedis } from './redis/connection.js';
import { isDatabaseEmpty, seedDemoContent } from './seed/demo.js';
import { listen } from './server/http.js';
import { createLogger } from './server/logging.js';
import { countStatement } from './server/request-scope.js';
import { createGateway } from './server/yoga.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openConfiguredDatabase(config);
  db.onStatement(countStatement);
  logger.info(`Database: ${describeDatabase(config)}`);

  const applied = await applyMigrations(db.adapterFactory);
  if (applied.length > 0) logger.info({ applied }, `Applied migrations: ${applied.join(', ')}`);

  // Demo content only ever goes into an empty embedded database; a server is seeded explicitly.
  if (db.kind === 'pglite' && config.seedDemo && (await isDatabaseEmpty(db.prisma))) {
    logger.info('Empty embedded database: seeding demo content');
    await seedDemoContent(db.prisma);
  }
  // From here on, `npm run create-editor` and the other tools reach the embedded database through us.
  await db.shareWithCommands();

  // Connects in the background: the gateway serves with or without Redis (src/redis/connection.ts).
  const redis = connectRedis(config, logger);
  const events = createArticleEventBus(redis, logger);
  const gateway = createGateway({ config, db, events, redis, logger });
  const server = await listen(gateway, { port: config.port, host: config.host, maxBodyBytes: config.limits.maxBodyBytes });
  logger.info({ url: server.url }, `GraphQL and GraphiQL at ${server.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: no new connections; finishing requests in flight (up to ${config.shutdownTimeoutMs} ms)`);
    await server.close(config.shutdownTimeoutMs);
    // The plugins' own resources first (the cache's Redis connection, its event subscription).
    await Promise.allSettled([gateway.dispose()]);
    await events.close();
    await redis?.close();
    await db.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
});

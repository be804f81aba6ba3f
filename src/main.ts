/**
 * Starts the gateway: configuration → the HTTP port (bound first: a port in use fails at once,
 * before any migration) → database (checked, migrated; demo content on a fresh embedded
 * database) → GraphQL schema served, and stops it gracefully on SIGTERM or SIGINT.
 * A start-up failure is one line on stderr and exit status 1 (a stack only with DEBUG).
 */
import { debugOutputRequested, loadConfig } from './config.js';
import { describeDatabase, openConfiguredDatabase } from './db/open-configured.js';
import { openReadReplicas } from './db/replicas.js';
import { migrateAsConfigured } from './db/startup-migrations.js';
import { createArticleEventBus } from './events/article-events.js';
import { connectRedis } from './redis/connection.js';
import { isDatabaseEmpty, seedDemoContent } from './seed/demo.js';
import { bindServer } from './server/http.js';
import { createLogger } from './server/logging.js';
import { countStatement } from './server/request-scope.js';
import { createShutdown } from './server/shutdown.js';
import { startupFailure } from './server/startup.js';
import { createGateway } from './server/yoga.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config);
  const server = await bindServer({ port: config.port, host: config.host, maxBodyBytes: config.limits.maxBodyBytes, ...config.http });
  const shutdown = createShutdown(logger, config.shutdownTimeoutMs);

  const db = await openConfiguredDatabase(config);
  db.onStatement(countStatement);
  logger.info(`Database: ${describeDatabase(config)}`);

  // Behind a pooler, only on DATABASE_DIRECT_URL; without one, a schema behind the code refuses to start.
  const migrated = await migrateAsConfigured(config, db);
  if (migrated.applied.length > 0)
    logger.info({ applied: migrated.applied, where: migrated.where }, `Applied migrations: ${migrated.applied.join(', ')}`);
  if (migrated.where === 'skipped')
    logger.info('Migrations: all applied; start-up does not migrate through DATABASE_POOLER=pgbouncer without DATABASE_DIRECT_URL');

  // Demo content only ever goes into an empty embedded database; a server is seeded explicitly.
  if (db.kind === 'pglite' && config.seedDemo && (await isDatabaseEmpty(db.prisma))) {
    logger.info('Empty embedded database: seeding demo content');
    await seedDemoContent(db.prisma);
  }
  // From here on, `npm run create-editor` and the other tools reach the embedded database through us.
  await db.shareWithCommands();

  // Readers' queries go to streaming replicas when there are some (src/db/replicas.ts); they
  // are watched from here on, and serve once a check has seen them caught up.
  const replicas = config.databaseReplicaUrls.length > 0 ? await openReadReplicas(config, db) : null;
  replicas?.onStatement(countStatement);
  replicas?.start();
  if (replicas) logger.info({ replicas: replicas.states().map((state) => state.name) }, 'Read replicas for readers');

  // Connects in the background: the gateway serves with or without Redis (src/redis/connection.ts).
  const redis = connectRedis(config, logger);
  const events = createArticleEventBus();
  const gateway = createGateway({ config, db, events, redis, logger, replicas });
  // Polls the outbox: scheduled publications, events other replicas or a killed process left.
  gateway.publications.start();
  server.serve(gateway);
  logger.info({ url: server.url }, `GraphQL and GraphiQL at ${server.url}`);

  // After the HTTP server has drained, in this order: what produces work before what it uses.
  // The publication dispatcher finishes its pass (what it has not dispatched stays in the
  // outbox for the next process), then the plugins and the fan-out's Redis subscription.
  shutdown.onShutdown({ name: 'publication events', close: () => gateway.publications.stop() });
  shutdown.onShutdown({ name: 'gateway plugins', close: async () => gateway.dispose() });
  shutdown.onShutdown({ name: 'event bus', close: () => events.close() });
  if (redis) shutdown.onShutdown({ name: 'Redis connection', close: () => redis.close() });
  if (replicas) shutdown.onShutdown({ name: 'read replicas', close: () => replicas.close() });
  shutdown.onShutdown({ name: 'database', close: () => db.close() });
  shutdown.listen((timeoutMs) => server.close(timeoutMs));
}

main().catch((error: unknown) => {
  if (debugOutputRequested()) console.error(error);
  console.error(startupFailure(error));
  process.exit(1);
});

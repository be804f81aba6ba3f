/**
 * Applies pending migrations and exits, for deploys: `npm run migrate`
 * (DATABASE_URL for a server, else the embedded database folder).
 */
import { ConfigError, loadConfig } from '../config.js';
import { describeDatabase, openConfiguredDatabase } from '../db/open-configured.js';
import { applyMigrations, readMigrations } from '../db/migrations.js';

try {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    const applied = await applyMigrations(db.adapterFactory);
    const total = readMigrations().migrationDirectories.length;
    console.log(`${describeDatabase(config)}: applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}; ${total} in history, all applied.`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

/**
 * Applies pending migrations and exits, for deploys: `npm run migrate`
 * (DATABASE_URL for a server, DATABASE_DIRECT_URL behind PgBouncer, else the embedded database folder, through the running gateway
 * when there is one).
 */
import { loadConfig } from '../config.js';
import { readMigrations } from '../db/migrations.js';
import { openCommandDatabase } from '../db/open-configured.js';
import { migrateAsConfigured } from '../db/startup-migrations.js';
import { runCommand } from './command.js';

const USAGE =
  'Usage: npm run migrate   (DATABASE_URL=postgresql://… for a server, DATABASE_DIRECT_URL behind PgBouncer; else DATA_DIR, default .data/pglite)';

runCommand(USAGE, async () => {
  const config = loadConfig();
  const db = await openCommandDatabase(config, 'npm run migrate', (message) => console.error(message));
  try {
    const { applied } = await migrateAsConfigured(config, db);
    const total = readMigrations().migrationDirectories.length;
    console.log(
      `${db.description}: applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}; ${total} in history, all applied.`,
    );
  } finally {
    await db.close();
  }
});

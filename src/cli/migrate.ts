/**
 * Applies pending migrations and exits, for deploys: `npm run migrate`
 * (DATABASE_URL for a server, else the embedded database folder, through the running gateway
 * when there is one).
 */
import { loadConfig } from '../config.js';
import { applyMigrations, readMigrations } from '../db/migrations.js';
import { openCommandDatabase } from '../db/open-configured.js';
import { runCommand } from './command.js';

const USAGE = 'Usage: npm run migrate   (DATABASE_URL=postgresql://… for a server; else DATA_DIR, default .data/pglite)';

runCommand(USAGE, async () => {
  const db = await openCommandDatabase(loadConfig(), 'npm run migrate', (message) => console.error(message));
  try {
    const applied = await applyMigrations(db.adapterFactory);
    const total = readMigrations().migrationDirectories.length;
    console.log(
      `${db.description}: applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}; ${total} in history, all applied.`,
    );
  } finally {
    await db.close();
  }
});

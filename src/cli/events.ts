/**
 * The outbox of publication events (src/events/outbox.ts), with their delivery state:
 *
 *   npm run events -- list [--limit 50] [--undelivered] [--json]
 *
 * `state`: scheduled (due later), pending (due, not yet dispatched: Redis away, or no
 * gateway running), dispatched, cancelled (a schedule moved or withdrawn). `webhook`:
 * delivered, pending (attempts left), failed (gave up), none (not sent to the webhook).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { listEvents } from '../events/outbox.js';
import { openMigratedDatabase, parseCount, runCommand, UsageError } from './command.js';

const USAGE = `Usage: npm run events -- list [--limit N] [--undelivered] [--json]`;

runCommand(USAGE, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      limit: { type: 'string', default: '50' },
      undelivered: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || positionals[0] !== 'list') throw new UsageError('the only command is "list"');
  const limit = parseCount('--limit', values.limit, 50);
  const db = await openMigratedDatabase(loadConfig(), 'npm run events');
  try {
    const events = await listEvents(db.prisma, new Date(), { limit, undelivered: values.undelivered });
    if (values.json) {
      console.log(JSON.stringify(events, null, 2));
      return;
    }
    if (events.length === 0) console.log('No publication events.');
    for (const event of events) {
      console.log(
        [
          `#${event.id}`,
          event.type.padEnd(11),
          event.state.padEnd(10),
          `due ${event.dueAt.toISOString()}`,
          `webhook ${event.webhook}${event.webhookAttempts > 0 ? ` (${event.webhookAttempts} attempts)` : ''}`,
          event.slug ?? '',
          event.lastError ? `— ${event.lastError}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
  } finally {
    await db.close();
  }
});

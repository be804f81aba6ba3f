/**
 * Imports articles from an NDJSON file (one JSON article per line) into the configured database:
 *
 *   npm run import -- articles.ndjson [--on-error abort|skip] [--batch 1000] [--create-missing]
 *
 * Exit status: 0 all lines imported; 1 some lines were bad (or the import failed); 2 usage.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { DEFAULT_IMPORT_BATCH, importNdjsonFile, type OnError } from '../content/import-ndjson.js';
import { formatLineErrors } from '../content/ndjson.js';
import { formatDuration, openMigratedDatabase, parseCount, runCommand, UsageError } from './command.js';

/** Enough to fix a file from; a file that is wrong on every line does not need a million reminders. */
const MAX_REPORTED_LINES = 100;

const USAGE = `Usage: npm run import -- FILE.ndjson [--on-error abort|skip] [--batch N] [--create-missing]

  FILE.ndjson        one article per line: { "title", "body": [paragraphs], "publishedAt", … }
  --on-error abort   (default) check the whole file first; if any line is bad, write nothing
  --on-error skip    import the good lines, report the bad ones
  --batch N          articles per write (default ${DEFAULT_IMPORT_BATCH})
  --create-missing   create the sections (categories) and authors a line names that do not
                     exist; without it such a line is bad
  --help             show this help

Bad lines are reported on stderr as "line 17: title: must not be empty" or
"line 18: category: no section with slug "thoi-su-moi" …".
The database is DATABASE_URL if set, else the embedded one in DATA_DIR (default .data/pglite).`;

function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'on-error': { type: 'string', default: 'abort' },
      batch: { type: 'string' },
      'create-missing': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one FILE.ndjson');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const onError = values['on-error'];
  if (onError !== 'abort' && onError !== 'skip') throw new UsageError(`--on-error must be abort or skip, got "${onError}"`);
  return {
    file,
    onError: onError as OnError,
    batch: parseCount('--batch', values.batch, DEFAULT_IMPORT_BATCH),
    createMissing: values['create-missing'],
  };
}

runCommand(USAGE, async (argv) => {
  const options = parseCommandLine(argv);

  const config = loadConfig();
  const db = await openMigratedDatabase(config, 'npm run import');
  const started = Date.now();
  let reported = 0;
  try {
    const summary = await importNdjsonFile(db.prisma, options.file, {
      onError: options.onError,
      batchSize: options.batch,
      createMissing: options.createMissing,
      onBadLine(line, errors) {
        if (reported++ < MAX_REPORTED_LINES) for (const message of formatLineErrors(line, errors)) console.error(message);
      },
    });
    if (summary.badLines > MAX_REPORTED_LINES) console.error(`… and ${summary.badLines - MAX_REPORTED_LINES} more bad lines`);

    const took = formatDuration(Date.now() - started);
    if (summary.aborted) {
      console.error(
        `${summary.badLines} of ${summary.lines} lines are bad; nothing was imported (--on-error abort). Fix them, or use --on-error skip.`,
      );
    } else {
      const skipped = summary.badLines > 0 ? `; skipped ${summary.badLines} bad lines` : '';
      console.log(`Imported ${summary.imported} articles into the ${db.description} in ${took}${skipped}.`);
    }
    return summary.badLines > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
});

/**
 * Fills the configured database with content:
 *
 *   npm run seed -- --articles 100000 [--seed 7] [--batch 2000]
 *   npm run seed -- --demo
 *
 * The synthetic corpus streams from the generator in batches, each written in its own
 * transaction: an interrupted run keeps what it wrote, and a rerun adds to it.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { writeInPipeline } from '../content/batches.js';
import { writeArticles } from '../content/write-articles.js';
import { isDatabaseEmpty, seedDemoContent } from '../seed/demo.js';
import { DEFAULT_CORPUS_SEED, generateCorpus } from '../seed/synthetic.js';
import { formatDuration, openMigratedDatabase, parseCount, runCommand, UsageError } from './command.js';

const DEFAULT_BATCH = 2000;

const USAGE = `Usage: npm run seed -- [--articles N] [--seed S] [--batch B] [--demo]

  --articles N   write N synthetic articles (Vietnamese news, 2021–2025)
  --seed S       corpus seed; the same seed gives the same articles (default ${DEFAULT_CORPUS_SEED})
  --batch B      articles per transaction (default ${DEFAULT_BATCH})
  --demo         write the demo content (the reference article, its "other news" and a
                 small corpus) if the database is empty
  --help         show this help

The database is DATABASE_URL if set, else the embedded one in DATA_DIR (default .data/pglite).
Migrations are applied first.`;

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const articles = parseCount('--articles', values.articles, 0, 0);
  if (articles === 0 && !values.demo) throw new UsageError('nothing to do: give --articles N and/or --demo');
  return {
    demo: values.demo,
    articles,
    seed: parseCount('--seed', values.seed, DEFAULT_CORPUS_SEED, 0),
    batch: parseCount('--batch', values.batch, DEFAULT_BATCH),
  };
}

async function seedSynthetic(db: Awaited<ReturnType<typeof openMigratedDatabase>>, articles: number, seed: number, batchSize: number) {
  const bar = new cliProgress.SingleBar(
    {
      format: 'Seeding |{bar}| {percentage}% | {value}/{total} articles | {rate} articles/s | ETA {eta_formatted}',
      stream: process.stderr,
      etaBuffer: 20,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const totals = { articles: 0, authors: 0, tags: 0, categories: 0, images: 0 };
  bar.start(articles, 0, { rate: '–' });
  try {
    await writeInPipeline(
      generateCorpus({ articles, seed }),
      batchSize,
      (batch) => writeArticles(db.prisma, batch),
      (written) => {
        totals.articles += written.articleIds.length;
        totals.authors += written.authorsCreated;
        totals.tags += written.tagsCreated;
        totals.categories += written.categoriesCreated;
        totals.images += written.imagesCreated;
        const rate = Math.round(totals.articles / ((Date.now() - started) / 1000));
        bar.update(totals.articles, { rate });
      },
    );
  } finally {
    bar.stop();
  }
  const elapsed = Date.now() - started;
  console.log(
    `Wrote ${totals.articles} synthetic articles (seed ${seed}) in ${formatDuration(elapsed)}` +
      ` (${Math.round(totals.articles / (elapsed / 1000))} articles/s); new: ${totals.authors} authors,` +
      ` ${totals.tags} tags, ${totals.categories} categories, ${totals.images} images.`,
  );
}

runCommand(USAGE, async (argv) => {
  const options = parseCommandLine(argv);

  const config = loadConfig();
  const db = await openMigratedDatabase(config, 'npm run seed');
  console.log(`Seeding the ${db.description}.`);
  try {
    if (options.demo) {
      if (await isDatabaseEmpty(db.prisma)) {
        const demo = await seedDemoContent(db.prisma);
        console.log(
          `Wrote the demo content: the reference article, ${demo.otherNewsArticleIds.length} other news, ${demo.neighbourArticleIds.length} articles around it, ${demo.syntheticArticles} synthetic articles.`,
        );
      } else {
        console.log('The database already has content; demo content skipped.');
      }
    }
    if (options.articles > 0) await seedSynthetic(db, options.articles, options.seed, options.batch);
    return 0;
  } finally {
    await db.close();
  }
});

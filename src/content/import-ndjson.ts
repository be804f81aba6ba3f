/**
 * Imports an NDJSON file of articles. Two policies for bad lines:
 *
 *  - abort (default): the whole file is validated first and nothing is written if any line is
 *    bad; then every batch is written inside ONE transaction, so even a failure half-way
 *    (a lost connection, a file edited between the passes) leaves the database untouched.
 *  - skip: one pass; good lines are written batch by batch, bad ones reported and left out.
 *
 * A line naming a section or author that does not exist is bad: an import fills sections, it
 * does not invent them (a typo would otherwise become a new public top-level section). With
 * `createMissing` they are created, as before.
 */
import type { ArticleInput } from './article-input.js';
import { readArticleLines, type NdjsonLine } from './ndjson.js';
import {
  findMissingTaxonomy,
  writeArticlesInTransaction,
  type MissingTaxonomy,
  type TransactionClient,
  type TransactionRunner,
  type WriteArticlesResult,
} from './write-articles.js';

export type OnError = 'abort' | 'skip';

export interface ImportOptions {
  onError?: OnError;
  batchSize?: number;
  /** Create sections and authors the file names but the database lacks (default: the line is bad). */
  createMissing?: boolean;
  /** Called once per bad line, in file order. */
  onBadLine?: (line: number, errors: string[]) => void;
  /** Called after each batch is written, with the running total. */
  onProgress?: (imported: number) => void;
  /** Whole-file transaction timeout under abort; a big file on a slow disk needs long. */
  transactionTimeoutMs?: number;
}

export interface ImportSummary {
  onError: OnError;
  /** Non-blank lines read (in the validating pass under abort). */
  lines: number;
  imported: number;
  badLines: number;
  /** True when abort found bad lines and wrote nothing. */
  aborted: boolean;
}

export const DEFAULT_IMPORT_BATCH = 1000;
/** One batch's write under skip; a large batch on a busy server needs more than Prisma's 5 s. */
const BATCH_TRANSACTION_MS = 120_000;

export async function importNdjsonFile(prisma: TransactionRunner, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const onError = options.onError ?? 'abort';
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  return onError === 'skip'
    ? importSkippingBadLines(prisma, file, batchSize, options)
    : importAllOrNothing(prisma, file, batchSize, options);
}

/** "category: no section with slug "x" …", one message per missing thing. */
export function missingTaxonomyErrors(missing: MissingTaxonomy): string[] {
  const hint = '(create it first, or import with --create-missing)';
  return [
    ...missing.categories.map((slug) => `category: no section with slug "${slug}" ${hint}`),
    ...(missing.author ? [`author: no author with slug "${missing.author}" ${hint}`] : []),
  ];
}

interface CheckedLine {
  line: number;
  input: ArticleInput | null;
  errors: string[];
}

type FindMissing = (inputs: ArticleInput[]) => Promise<(MissingTaxonomy | null)[]>;

/**
 * A batch of lines with each one's errors: its own (shape) and, when `findMissing` is given,
 * the sections and author it names that do not exist (two look-ups for the whole batch).
 */
async function checkBatch(lines: readonly NdjsonLine[], findMissing: FindMissing | null): Promise<CheckedLine[]> {
  const checked = lines.map(({ line, result }) =>
    result.ok ? { line, input: result.value, errors: [] as string[] } : { line, input: null, errors: result.errors },
  );
  if (!findMissing) return checked;
  const parsed = checked.filter((c): c is CheckedLine & { input: ArticleInput } => c.input !== null);
  const missing = await findMissing(parsed.map((c) => c.input));
  parsed.forEach((c, index) => {
    const absent = missing[index];
    if (absent) c.errors = missingTaxonomyErrors(absent);
  });
  return checked;
}

function lookUpIn(tx: TransactionClient): FindMissing {
  return (inputs) => findMissingTaxonomy(tx, inputs);
}

/** Reports the bad lines of a batch in order; returns the good articles. */
function splitBatch(checked: readonly CheckedLine[], summary: ImportSummary, options: ImportOptions): ArticleInput[] {
  const good: ArticleInput[] = [];
  for (const c of checked) {
    if (c.errors.length > 0 || !c.input) {
      summary.badLines++;
      options.onBadLine?.(c.line, c.errors);
    } else good.push(c.input);
  }
  return good;
}

/** The file's lines in batches of `batchSize` parsed lines (bad ones ride along, to be reported in order). */
async function* lineBatches(file: string, batchSize: number): AsyncGenerator<NdjsonLine[]> {
  let batch: NdjsonLine[] = [];
  for await (const line of readArticleLines(file)) {
    batch.push(line);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function importSkippingBadLines(
  prisma: TransactionRunner,
  file: string,
  batchSize: number,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { onError: 'skip', lines: 0, imported: 0, badLines: 0, aborted: false };
  const createMissing = options.createMissing ?? false;
  for await (const lines of lineBatches(file, batchSize)) {
    summary.lines += lines.length;
    // The check and the write share a transaction, so a section cannot vanish in between.
    const written = await prisma.$transaction(
      async (tx) => {
        const good = splitBatch(await checkBatch(lines, createMissing ? null : lookUpIn(tx)), summary, options);
        return good.length > 0
          ? (await writeArticlesInTransaction(tx, good, { createMissingTaxonomy: createMissing })).articleIds.length
          : 0;
      },
      { maxWait: 10_000, timeout: BATCH_TRANSACTION_MS },
    );
    summary.imported += written;
    if (written > 0) options.onProgress?.(summary.imported);
  }
  return summary;
}

async function importAllOrNothing(
  prisma: TransactionRunner,
  file: string,
  batchSize: number,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { onError: 'abort', lines: 0, imported: 0, badLines: 0, aborted: false };
  const createMissing = options.createMissing ?? false;
  for await (const lines of lineBatches(file, batchSize)) {
    summary.lines += lines.length;
    const checked = createMissing
      ? await checkBatch(lines, null)
      : await prisma.$transaction((tx) => checkBatch(lines, lookUpIn(tx)), { maxWait: 10_000, timeout: BATCH_TRANSACTION_MS });
    splitBatch(checked, summary, options);
  }
  if (summary.badLines > 0) return { ...summary, aborted: true };

  summary.imported = await prisma.$transaction(
    async (tx) => {
      let imported = 0;
      for await (const lines of lineBatches(file, batchSize)) {
        const batch = lines.map(({ line, result }) => {
          if (!result.ok) throw new Error(`line ${line} changed while importing and is no longer valid: ${result.errors.join('; ')}`);
          return result.value;
        });
        // Without createMissing a section deleted since the check refuses the batch, rolling back everything.
        const written: WriteArticlesResult = await writeArticlesInTransaction(tx, batch, { createMissingTaxonomy: createMissing });
        imported += written.articleIds.length;
        options.onProgress?.(imported);
      }
      return imported;
    },
    { maxWait: 10_000, timeout: options.transactionTimeoutMs ?? 6 * 3_600_000 },
  );
  return summary;
}

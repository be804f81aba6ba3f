/**
 * Imports an NDJSON file of articles. Two policies for bad lines:
 *
 *  - abort (default): the whole file is validated first and nothing is written if any line is
 *    bad; then every batch is written inside ONE transaction, so even a failure half-way
 *    (a lost connection, a file edited between the passes) leaves the database untouched.
 *  - skip: one pass; good lines are written batch by batch, bad ones reported and left out.
 */
import type { ArticleInput } from './article-input.js';
import { readArticleLines } from './ndjson.js';
import { writeArticles, writeArticlesInTransaction, type TransactionRunner, type WriteArticlesResult } from './write-articles.js';

export type OnError = 'abort' | 'skip';

export interface ImportOptions {
  onError?: OnError;
  batchSize?: number;
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

export async function importNdjsonFile(prisma: TransactionRunner, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const onError = options.onError ?? 'abort';
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  return onError === 'skip'
    ? importSkippingBadLines(prisma, file, batchSize, options)
    : importAllOrNothing(prisma, file, batchSize, options);
}

async function importSkippingBadLines(
  prisma: TransactionRunner,
  file: string,
  batchSize: number,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { onError: 'skip', lines: 0, imported: 0, badLines: 0, aborted: false };
  let batch: ArticleInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    summary.imported += (await writeArticles(prisma, batch)).articleIds.length;
    batch = [];
    options.onProgress?.(summary.imported);
  };
  for await (const { line, result } of readArticleLines(file)) {
    summary.lines++;
    if (!result.ok) {
      summary.badLines++;
      options.onBadLine?.(line, result.errors);
      continue;
    }
    batch.push(result.value);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

async function importAllOrNothing(
  prisma: TransactionRunner,
  file: string,
  batchSize: number,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { onError: 'abort', lines: 0, imported: 0, badLines: 0, aborted: false };
  for await (const { line, result } of readArticleLines(file)) {
    summary.lines++;
    if (!result.ok) {
      summary.badLines++;
      options.onBadLine?.(line, result.errors);
    }
  }
  if (summary.badLines > 0) return { ...summary, aborted: true };

  summary.imported = await prisma.$transaction(
    async (tx) => {
      let imported = 0;
      let batch: ArticleInput[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const written: WriteArticlesResult = await writeArticlesInTransaction(tx, batch);
        imported += written.articleIds.length;
        batch = [];
        options.onProgress?.(imported);
      };
      for await (const { line, result } of readArticleLines(file)) {
        if (!result.ok) throw new Error(`line ${line} changed while importing and is no longer valid: ${result.errors.join('; ')}`);
        batch.push(result.value);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      return imported;
    },
    { maxWait: 10_000, timeout: options.transactionTimeoutMs ?? 6 * 3_600_000 },
  );
  return summary;
}

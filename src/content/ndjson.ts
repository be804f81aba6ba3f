/**
 * Reads an NDJSON file of articles one line at a time, so a file of any size is validated and
 * imported in constant memory. Line numbers are the file's own (blank lines count, as in an
 * editor), since they are what the person fixing the file will look for.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArticleInput, type ArticleInput, type ParseResult } from './article-input.js';

export interface NdjsonLine {
  /** 1-based. */
  line: number;
  result: ParseResult<ArticleInput>;
}

/** One line's text → its article, or why not. */
export function parseNdjsonLine(text: string): ParseResult<ArticleInput> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`invalid JSON: ${(error as Error).message}`] };
  }
  return parseArticleInput(value);
}

/** Every non-blank line of `file`, parsed and validated, in order. */
export async function* readArticleLines(file: string): AsyncGenerator<NdjsonLine> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    yield { line, result: parseNdjsonLine(text) };
  }
}

/** "line 17: title: must not be empty", one message per problem. */
export function formatLineErrors(line: number, errors: readonly string[]): string[] {
  return errors.map((error) => `line ${line}: ${error}`);
}

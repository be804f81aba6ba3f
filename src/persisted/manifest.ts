/**
 * The trusted-documents manifest: `persisted-operations.json` at the project root, a JSON
 * object `{ "<sha256 hex>": "<document>" }` of every operation the project's clients send.
 * It is built (`npm run persisted-manifest`) from the example client documents:
 *
 * - `examples/operations/*.graphql`: the reader pages (article, home, tag, author, section…);
 * - `examples/editorial/*.graphql`: the operations of the newsroom's CMS (mutations, previews).
 *
 * Each document is stored as graphql-js prints it (comments and layout dropped), with the
 * shared fragments it spreads (examples/fragments) appended, and its key
 * is the SHA-256 of that text in hex: what an Apollo-style client sends as
 * `extensions.persistedQuery.sha256Hash` for the same document.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { completeDocument, loadFragments } from './example-documents.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const manifestFile = path.join(projectRoot, 'persisted-operations.json');
/** Folders whose `.graphql` files are trusted, in manifest order. */
export const manifestSources = ['examples/operations', 'examples/editorial'];

export type PersistedManifest = Record<string, string>;

export function documentHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * A document file as it goes into the manifest: one named operation with the shared fragments
 * it uses (examples/fragments), printed.
 */
export function printTrustedDocument(source: string, file: string, root = projectRoot): string {
  return completeDocument(source, file, loadFragments(root));
}

export interface ManifestEntry {
  file: string;
  operationName: string;
  hash: string;
  document: string;
}

export function manifestEntries(root = projectRoot, sources = manifestSources): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const source of sources) {
    const dir = path.join(root, source);
    let files: string[];
    try {
      files = readdirSync(dir)
        .filter((name) => name.endsWith('.graphql'))
        .sort();
    } catch {
      continue;
    }
    for (const name of files) {
      const file = path.posix.join(source, name);
      const document = printTrustedDocument(readFileSync(path.join(dir, name), 'utf8'), file, root);
      entries.push({ file, operationName: path.basename(name, '.graphql'), hash: documentHash(document), document });
    }
  }
  return entries;
}

/** The manifest file's text, stable: sources in order, files by name within each. */
export function buildManifest(root = projectRoot, sources = manifestSources): string {
  const manifest: PersistedManifest = {};
  for (const entry of manifestEntries(root, sources)) manifest[entry.hash] = entry.document;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads and checks a manifest: every key the SHA-256 of its document. */
export function loadManifest(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read the trusted-documents manifest ${file}: ${(error as Error).message} (npm run persisted-manifest writes it)`,
      {
        cause: error,
      },
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${file}: expected a JSON object {"<sha256>": "<document>"}`);
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || documentHash(document) !== hash) {
      throw new Error(`${file}: the entry ${hash.slice(0, 12)}… is not the SHA-256 of its document`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

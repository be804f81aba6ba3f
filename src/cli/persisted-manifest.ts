/**
 * Writes persisted-operations.json, the trusted-documents manifest, from the example client
 * documents (examples/operations, examples/editorial); or checks it with --check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, manifestEntries, manifestFile } from '../persisted/manifest.js';

const built = buildManifest();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(manifestFile, 'utf8');
  } catch {
    // missing: stale
  }
  if (committed !== built) {
    console.error('persisted-operations.json is out of date: run npm run persisted-manifest');
    process.exit(1);
  }
  console.log('persisted-operations.json is up to date');
} else {
  writeFileSync(manifestFile, built);
  for (const entry of manifestEntries()) console.log(`${entry.hash}  ${entry.file}`);
  console.log(`wrote ${path.relative(process.cwd(), manifestFile)}`);
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, gatewayError, isClientErrorCode, type ErrorCode } from '../../src/errors/catalogue.js';

const root = join(import.meta.dirname, '..', '..');
const catalogueFile = join('src', 'errors', 'catalogue.ts');

/** The rows of the README's error table: code → the HTTP column (null for "—"). */
function readmeErrorTable(): Map<string, number | null> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('\n## ', readme.indexOf('### Errors')));
  const rows = new Map<string, number | null>();
  for (const line of section.split('\n')) {
    const match = /^\| `([A-Z_]+)` \| (—|\d{3}) \|/.exec(line);
    if (match) rows.set(match[1]!, match[2] === '—' ? null : Number(match[2]));
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the error catalogue', () => {
  it('is what the README error table lists, code by code, with the same HTTP status', () => {
    const table = readmeErrorTable();
    expect([...table.keys()].sort()).toEqual(Object.keys(errorCatalogue).sort());
    for (const [code, spec] of Object.entries(errorCatalogue)) expect([code, table.get(code)]).toEqual([code, spec.status]);
  });

  it('is the only place under src/ that spells a code: no `code:` string literal and no quoted code elsewhere', () => {
    const codes = new Set(Object.keys(errorCatalogue));
    const offences: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const name = relative(root, file);
      if (name === catalogueFile) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          // Codes are upper case; zod's issue codes ('custom') and prose are not ours.
          if (/\bcode:\s*['"`][A-Z]/.test(line)) offences.push(`${name}:${index + 1}: ${line.trim()}`);
          for (const [, literal] of line.matchAll(/['"]([A-Z][A-Z_]+)['"]/g)) {
            if (codes.has(literal!)) offences.push(`${name}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offences).toEqual([]);
  });

  it('builds errors carrying the code and, where the catalogue sets one, the HTTP status', () => {
    expect(gatewayError('INVALID_ID', 'no').extensions).toEqual({ code: 'INVALID_ID' });
    expect(gatewayError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 3 }).extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
      http: { status: 429 },
    });
    expect(gatewayError('UNAUTHENTICATED', 'who?', {}, { 'WWW-Authenticate': 'Bearer' }).extensions).toEqual({
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    });
  });

  it('tells client mistakes from faults', () => {
    const faults = (Object.keys(errorCatalogue) as ErrorCode[]).filter((code) => !isClientErrorCode(code));
    expect(faults.sort()).toEqual([
      'DATABASE_TIMEOUT',
      'DATABASE_UNAVAILABLE',
      'INTERNAL_SERVER_ERROR',
      'RENDITION_TIMEOUT',
      'UNREADABLE_IMAGE',
    ]);
    expect(isClientErrorCode('SOMETHING_ELSE')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatLineErrors, parseNdjsonLine } from '../../src/content/ndjson.js';

describe('parseNdjsonLine', () => {
  it('parses and validates one article', () => {
    const result = parseNdjsonLine('{"title":"Tin","status":"DRAFT","body":["Một."]}');
    expect(result).toMatchObject({ ok: true, value: { title: 'Tin', body: ['Một.'] } });
  });

  it('reports broken JSON as such', () => {
    const result = parseNdjsonLine('{"title": "Tin",');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^invalid JSON: /);
  });
});

describe('formatLineErrors', () => {
  it('names the line in every message', () => {
    expect(formatLineErrors(17, ['title: must not be empty', 'body: must be an array'])).toEqual([
      'line 17: title: must not be empty',
      'line 17: body: must be an array',
    ]);
  });
});

/**
 * The decisions src/server/cache-hits.ts makes before a request reaches yoga: which media type
 * a cached answer goes out as (the one yoga would pick, or none: the pipeline decides), and
 * when CSRF prevention lets a request through (the library's rule).
 */
import { describe, expect, it } from 'vitest';
import { regularMediaType } from '../../src/server/cache-hits.js';
import { csrfSatisfied } from '../../src/server/csrf.js';

describe('regularMediaType', () => {
  it('answers JSON without an Accept header, or for a wildcard', () => {
    expect(regularMediaType(null)).toBe('application/json');
    expect(regularMediaType('*/*')).toBe('application/json');
    expect(regularMediaType('application/*')).toBe('application/json');
  });

  it('takes the first listed of the two regular types, as yoga does', () => {
    expect(regularMediaType('application/graphql-response+json, application/json')).toBe('application/graphql-response+json');
    expect(regularMediaType('application/json;charset=utf-8, application/graphql-response+json')).toBe('application/json');
  });

  it('leaves streams, multipart, other charsets and anything else to the pipeline', () => {
    expect(regularMediaType('text/event-stream')).toBeNull();
    expect(regularMediaType('multipart/mixed, application/json')).toBeNull();
    expect(regularMediaType('text/html')).toBeNull();
    expect(regularMediaType('application/json; charset=latin1')).toBeNull();
  });
});

describe('csrfSatisfied', () => {
  const request = (headers: Record<string, string>) => new Request('http://gateway.test/graphql', { headers });

  it('lets through a content type no form can send, or one of the headers', () => {
    expect(csrfSatisfied(request({ 'content-type': 'application/json' }))).toBe(true);
    expect(csrfSatisfied(request({ 'x-graphql-csrf': '1' }))).toBe(true);
    expect(csrfSatisfied(request({ 'apollo-require-preflight': 'true', 'content-type': 'text/plain' }))).toBe(true);
  });

  it('refuses a simple request without one', () => {
    expect(csrfSatisfied(request({}))).toBe(false);
    expect(csrfSatisfied(request({ 'content-type': 'application/x-www-form-urlencoded' }))).toBe(false);
    expect(csrfSatisfied(request({ 'content-type': 'text/plain;charset=utf-8' }))).toBe(false);
  });
});

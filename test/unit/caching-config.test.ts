import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: caching and persisted operations', () => {
  it('caches for a minute in the gateway and 30 s (+30 s stale) in HTTP caches, no trusted documents', () => {
    const config = loadConfig({}, '/srv/gateway');
    expect(config.caching).toEqual({
      responseCache: true,
      ttlSeconds: 60,
      maxEntries: 1000,
      httpMaxAgeSeconds: 30,
      httpStaleWhileRevalidateSeconds: 30,
      httpStaleIfErrorSeconds: 86400,
      httpSharedMaxAgeSeconds: null,
      purgeWebhookUrl: null,
      purgeWebhookSecret: null,
      edgePurgeUrls: [],
      edgePurgeTimeoutMs: 5000,
      redisPrefix: 'news-gateway:',
    });
    expect(config.persistedOperations).toEqual({
      apq: true,
      trustedDocuments: 'off',
      manifestPath: '/srv/gateway/persisted-operations.json',
      apqMaxDocumentBytes: 32768,
      apqMemoryMaxBytes: 16 * 1024 * 1024,
    });
  });

  it('takes on/off, numbers, a webhook and a mode', () => {
    const config = loadConfig(
      {
        RESPONSE_CACHE: 'off',
        RESPONSE_CACHE_TTL_SECONDS: '300',
        HTTP_CACHE_S_MAXAGE_SECONDS: '3600',
        PURGE_WEBHOOK_URL: 'https://purge.internal/cdn',
        EDGE_PURGE_URLS: 'http://varnish-a:6081/, http://varnish-b:6081/',
        EDGE_PURGE_TIMEOUT_MS: '800',
        HTTP_CACHE_STALE_IF_ERROR_SECONDS: '0',
        APQ: 'off',
        TRUSTED_DOCUMENTS: 'require',
        TRUSTED_DOCUMENTS_MANIFEST: 'deploy/manifest.json',
      },
      '/srv/gateway',
    );
    expect(config.caching).toMatchObject({
      responseCache: false,
      ttlSeconds: 300,
      httpSharedMaxAgeSeconds: 3600,
      purgeWebhookUrl: 'https://purge.internal/cdn',
      edgePurgeUrls: ['http://varnish-a:6081/', 'http://varnish-b:6081/'],
      edgePurgeTimeoutMs: 800,
      httpStaleIfErrorSeconds: 0,
    });
    expect(config.persistedOperations).toEqual({
      apq: false,
      trustedDocuments: 'require',
      manifestPath: '/srv/gateway/deploy/manifest.json',
      apqMaxDocumentBytes: 32768,
      apqMemoryMaxBytes: 16 * 1024 * 1024,
    });
  });

  it('names every bad value', () => {
    let error: unknown;
    try {
      loadConfig({
        RESPONSE_CACHE: 'sometimes',
        RESPONSE_CACHE_TTL_SECONDS: '0',
        TRUSTED_DOCUMENTS: 'strict',
        PURGE_WEBHOOK_URL: 'ftp://x',
        HTTP_CACHE_MAX_AGE_SECONDS: '-1',
        EDGE_PURGE_URLS: 'varnish:6081',
        EDGE_PURGE_TIMEOUT_MS: '10000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/EDGE_PURGE_TIMEOUT_MS must be an integer from 100 to 9000/);
    expect(problems.join('\n')).toMatch(/EDGE_PURGE_URLS must list http/);
    expect(problems.join('\n')).toMatch(/RESPONSE_CACHE must be true or false/);
    expect(problems.join('\n')).toMatch(/RESPONSE_CACHE_TTL_SECONDS must be an integer from 1/);
    expect(problems.join('\n')).toMatch(/TRUSTED_DOCUMENTS must be off, allow or require/);
    expect(problems.join('\n')).toMatch(/PURGE_WEBHOOK_URL must be an http/);
    expect(problems.join('\n')).toMatch(/HTTP_CACHE_MAX_AGE_SECONDS/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('site and picture configuration', () => {
  it('defaults to the demo paper on localhost, renditions made here and cached under .data/', () => {
    const config = loadConfig({}, '/srv/gateway');
    expect(config.site).toEqual({ url: 'http://localhost:4000', name: 'Báo Yên Bái', logoUrl: null, articlePath: '/bai-viet/{slug}' });
    expect(config.images).toMatchObject({
      service: 'gateway',
      publicUrl: 'http://localhost:4000',
      cacheDir: '/srv/gateway/.data/renditions',
      imgproxy: null,
    });
  });

  it('takes an imgproxy only with its URL, hex key and hex salt, naming each that is missing', () => {
    const config = loadConfig({
      IMAGE_SERVICE: 'imgproxy',
      IMGPROXY_URL: 'https://img.example.com/',
      IMGPROXY_KEY: '736563726574',
      IMGPROXY_SALT: '68656c6c6f',
    });
    expect(config.images.service).toBe('imgproxy');
    expect(config.images.imgproxy).toMatchObject({ url: 'https://img.example.com', sourcePrefix: 'local:///' });
    expect(config.images.imgproxy!.key.toString()).toBe('secret');

    let error: unknown;
    try {
      loadConfig({ IMAGE_SERVICE: 'imgproxy', IMGPROXY_KEY: 'not hex', RENDITION_TIMEOUT_SECONDS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/IMGPROXY_URL/),
      expect.stringMatching(/IMGPROXY_KEY/),
      expect.stringMatching(/IMGPROXY_SALT/),
      expect.stringMatching(/RENDITION_TIMEOUT_SECONDS/),
    ]);
  });
});

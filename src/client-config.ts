/**
 * The configuration of what clients are handed beyond the content: the public site (canonical
 * URLs, the publisher in structured data) and pictures (renditions made by the gateway, or URLs
 * for an image service the publisher already runs). Read by `loadConfig` (src/config.ts), which
 * collects every problem into one ConfigError.
 */
import path from 'node:path';

type Env = Record<string, string | undefined>;

export interface SiteConfig {
  /** The public site's origin, without a trailing slash: "https://baoyenbai.com.vn". */
  url: string;
  /** The publisher's name, as structured data and Open Graph name it. */
  name: string;
  /** The publisher's logo (absolute URL), for NewsArticle.publisher.logo; null leaves it out. */
  logoUrl: string | null;
  /** Path of an article page: "{slug}", "{category}" and "{id}" are filled in. */
  articlePath: string;
}

export interface ImgproxyConfig {
  /** imgproxy's public origin: "https://img.example.com". */
  url: string;
  /** Hex-decoded IMGPROXY_KEY / IMGPROXY_SALT, as imgproxy reads them. */
  key: Buffer;
  salt: Buffer;
  /** What imgproxy fetches an original from: this prefix + the path under MEDIA_DIR. */
  sourcePrefix: string;
}

export interface ImageConfig {
  /** `gateway`: /renditions/ made here with sharp; `imgproxy`: signed URLs for an imgproxy. */
  service: 'gateway' | 'imgproxy';
  /** Origin that serves /media/ and /renditions/ to the public (this gateway, or a CDN before it). */
  publicUrl: string;
  /** Folder of the renditions made so far (content-hashed file names, safe to delete). */
  cacheDir: string;
  /** Size budget: an original larger than this is not resized (413). */
  maxOriginalBytes: number;
  /** Size budget in pixels (width × height), checked by sharp before decoding. */
  maxOriginalPixels: number;
  /** Time budget of one rendition; sharp stops and the request gets a 503. */
  timeoutSeconds: number;
  imgproxy: ImgproxyConfig | null;
}

/** Reads an http(s) origin or URL prefix, without its trailing slash. */
function httpUrl(env: Env, name: string, problems: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^https?:\/\/[^/\s]+/.test(raw)) {
    problems.push(`${name} must be an http:// or https:// URL, got "${raw}"`);
    return null;
  }
  return raw.replace(/\/+$/, '');
}

export const DEFAULT_SITE_NAME = 'Báo Yên Bái';

export function loadSiteConfig(env: Env, problems: string[]): SiteConfig {
  const articlePath = env.SITE_ARTICLE_PATH?.trim() || '/bai-viet/{slug}';
  if (!articlePath.startsWith('/') || !/\{(slug|id)\}/.test(articlePath)) {
    problems.push(`SITE_ARTICLE_PATH must start with "/" and contain {slug} or {id}, got "${articlePath}"`);
  }
  return {
    url: httpUrl(env, 'SITE_URL', problems) ?? 'http://localhost:4000',
    name: env.SITE_NAME?.trim() || DEFAULT_SITE_NAME,
    logoUrl: httpUrl(env, 'SITE_LOGO_URL', problems),
    articlePath,
  };
}

export function loadImageConfig(env: Env, cwd: string, site: SiteConfig, problems: string[]): ImageConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const service = (env.IMAGE_SERVICE?.trim().toLowerCase() || 'gateway') as ImageConfig['service'];
  if (service !== 'gateway' && service !== 'imgproxy')
    problems.push(`IMAGE_SERVICE must be gateway or imgproxy, got "${env.IMAGE_SERVICE}"`);

  let imgproxy: ImgproxyConfig | null = null;
  if (service === 'imgproxy') {
    const url = httpUrl(env, 'IMGPROXY_URL', problems);
    if (!url) problems.push('IMAGE_SERVICE=imgproxy needs IMGPROXY_URL');
    const hex = (name: string): Buffer | null => {
      const raw = env[name]?.trim() ?? '';
      if (!/^([0-9a-fA-F]{2})+$/.test(raw)) {
        problems.push(`IMAGE_SERVICE=imgproxy needs ${name}, hex-encoded as imgproxy reads it`);
        return null;
      }
      return Buffer.from(raw, 'hex');
    };
    const key = hex('IMGPROXY_KEY');
    const salt = hex('IMGPROXY_SALT');
    if (url && key && salt) imgproxy = { url, key, salt, sourcePrefix: env.IMGPROXY_SOURCE_PREFIX?.trim() || 'local:///' };
  }

  return {
    service: imgproxy ? 'imgproxy' : 'gateway',
    publicUrl: httpUrl(env, 'MEDIA_PUBLIC_URL', problems) ?? site.url,
    cacheDir: path.resolve(cwd, env.RENDITION_CACHE_DIR?.trim() || '.data/renditions'),
    maxOriginalBytes: int('RENDITION_MAX_ORIGINAL_BYTES', 25 * 1_048_576, 1024, 1024 * 1_048_576),
    maxOriginalPixels: int('RENDITION_MAX_ORIGINAL_PIXELS', 50_000_000, 1, 1_000_000_000),
    timeoutSeconds: int('RENDITION_TIMEOUT_SECONDS', 10, 1, 600),
    imgproxy,
  };
}

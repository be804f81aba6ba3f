/**
 * Picture renditions: the fixed widths and formats a client may ask for, and their URLs.
 *
 * A rendition URL names what it is made of, so it can be cached for good:
 *
 *   /renditions/{width}/{hash}/{path of the original under MEDIA_DIR}.{format extension}
 *   /renditions/640/9f2c4e1ab37d0c55/demo/minh-hoa/anh-minh-hoa-1.jpg.webp
 *
 * `hash` covers the original's bytes, the width, the format and the encoder settings: a
 * replaced original gets new URLs, and a URL never changes meaning. Only the widths and formats
 * below exist (anything else is refused), so nobody can make the gateway resize on demand to
 * arbitrary sizes; and no rendition is wider than its original (a 1200-pixel original's 1280
 * rendition is 1200 pixels wide, and `srcset` says so).
 */
import { createHash } from 'node:crypto';
import { ErrorCode } from '../errors/catalogue.js';

export const RENDITION_WIDTHS = [320, 640, 960, 1280] as const;
export type RenditionWidth = (typeof RENDITION_WIDTHS)[number];

export type ImageFormat = 'WEBP' | 'AVIF' | 'JPEG';
export const IMAGE_FORMATS: Record<ImageFormat, { extension: string; contentType: string }> = {
  WEBP: { extension: 'webp', contentType: 'image/webp' },
  AVIF: { extension: 'avif', contentType: 'image/avif' },
  JPEG: { extension: 'jpg', contentType: 'image/jpeg' },
};

/** Changes every rendition URL when the encoder settings change (src/media/renditions.ts). */
export const RENDITION_PIPELINE_VERSION = 'v1';

export const RENDITION_PREFIX = '/renditions/';

export function isRenditionWidth(width: number): width is RenditionWidth {
  return (RENDITION_WIDTHS as readonly number[]).includes(width);
}

export function formatOfExtension(extension: string): ImageFormat | null {
  const entry = Object.entries(IMAGE_FORMATS).find(([, format]) => format.extension === extension);
  return entry ? (entry[0] as ImageFormat) : null;
}

/** The 16 hex digits that identify a rendition of an original (its SHA-256 given as hex). */
export function renditionHash(originalDigest: string, width: RenditionWidth, format: ImageFormat): string {
  return createHash('sha256').update(`${RENDITION_PIPELINE_VERSION}:${originalDigest}:${width}:${format}`).digest('hex').slice(0, 16);
}

/** Percent-encodes each segment of a relative path (Vietnamese file names stay valid URLs). */
function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

export function renditionPath(original: string, originalDigest: string, width: RenditionWidth, format: ImageFormat): string {
  const hash = renditionHash(originalDigest, width, format);
  return `${RENDITION_PREFIX}${width}/${hash}/${encodePath(original)}.${IMAGE_FORMATS[format].extension}`;
}

/** The width of the picture a rendition holds: never more than the original's. */
export function renderedWidth(width: RenditionWidth, originalWidth: number): number {
  return Math.min(width, originalWidth);
}

/**
 * The widths `srcset` offers for an original, each with the width it really has: every fixed
 * width up to the first that reaches the original's (which renders at the original's width);
 * wider ones would be the same picture again.
 */
export function srcsetWidths(originalWidth: number): { width: RenditionWidth; rendered: number }[] {
  const widths: { width: RenditionWidth; rendered: number }[] = [];
  for (const width of RENDITION_WIDTHS) {
    widths.push({ width, rendered: renderedWidth(width, originalWidth) });
    if (width >= originalWidth) break;
  }
  return widths;
}

export type RenditionRequest =
  | { ok: true; width: RenditionWidth; hash: string; format: ImageFormat; original: string }
  | { ok: false; code: RenditionRefusal; message: string };

export type RenditionRefusal =
  | typeof ErrorCode.IMAGE_WIDTH_NOT_OFFERED
  | typeof ErrorCode.IMAGE_FORMAT_NOT_OFFERED
  | typeof ErrorCode.INVALID_MEDIA_PATH
  | typeof ErrorCode.NOT_FOUND;

const refuse = (code: RenditionRefusal, message: string): RenditionRequest => ({ ok: false, code, message });

/**
 * Reads a rendition request's path. `original` comes back decoded and checked by `plainPath`
 * (the same rule as /media/: plain names only, no "..", no hidden files).
 */
export function parseRenditionPath(pathname: string, plainPath: (mediaPathname: string) => string | null): RenditionRequest {
  if (!pathname.startsWith(RENDITION_PREFIX)) return refuse(ErrorCode.NOT_FOUND, 'Not a rendition');
  const [widthText = '', hash = '', ...rest] = pathname.slice(RENDITION_PREFIX.length).split('/');
  const width = /^[1-9]\d{0,4}$/.test(widthText) ? Number(widthText) : NaN;
  if (!isRenditionWidth(width)) {
    return refuse(ErrorCode.IMAGE_WIDTH_NOT_OFFERED, `Renditions are ${RENDITION_WIDTHS.join(', ')} pixels wide, not "${widthText}"`);
  }
  // (A URL's "/a/../b" is resolved before we see it, and may leave no original's path at all.)
  if (rest.length === 0) return refuse(ErrorCode.INVALID_MEDIA_PATH, 'The path of the original is missing');
  const last = rest.at(-1)!;
  const dot = last.lastIndexOf('.');
  const format = dot > 0 ? formatOfExtension(last.slice(dot + 1)) : null;
  if (!format) {
    const offered = Object.values(IMAGE_FORMATS).map((f) => f.extension);
    return refuse(ErrorCode.IMAGE_FORMAT_NOT_OFFERED, `Renditions are ${offered.join(', ')}; the path must end with one of them`);
  }
  const original = plainPath(`/media/${[...rest.slice(0, -1), last.slice(0, dot)].join('/')}`);
  if (!original) return refuse(ErrorCode.INVALID_MEDIA_PATH, 'The path of the original is not a plain path to a picture under /media/');
  if (!/^[0-9a-f]{16}$/.test(hash)) return refuse(ErrorCode.NOT_FOUND, 'No such rendition');
  return { ok: true, width, hash, format, original };
}

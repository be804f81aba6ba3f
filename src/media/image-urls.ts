/**
 * The URLs a client is handed for a picture's renditions: the gateway's own /renditions/
 * (content-hashed, see src/domain/image-renditions.ts), or signed imgproxy URLs when
 * IMAGE_SERVICE=imgproxy. One instance per configuration, shared by the GraphQL fields and the
 * /renditions/ route, so both see the same remembered descriptions of the originals.
 */
import type { Config } from '../config.js';
import {
  RENDITION_WIDTHS,
  renderedWidth,
  renditionPath,
  srcsetWidths,
  type ImageFormat,
  type RenditionWidth,
} from '../domain/image-renditions.js';
import { imgproxyUrl } from '../domain/imgproxy.js';
import { mediaPath } from '../server/media.js';
import { Renditions } from './renditions.js';

/** What the picture's row says; `width` is used for imgproxy's srcset (the gateway reads the file). */
export interface PictureSource {
  src: string | null;
  width: number | null;
  height: number | null;
}

export interface Rendition {
  url: string;
  /** The width the picture really has: never more than the original's. */
  width: number;
  /** Its height, when the original's proportions are known. */
  height: number | null;
}

const scaledHeight = (width: number, original: { width: number | null; height: number | null }) =>
  original.width && original.height ? Math.round((original.height * width) / original.width) : null;

export class ImageUrls {
  readonly renditions: Renditions;

  constructor(private readonly config: Config) {
    this.renditions = new Renditions(config.mediaDir, config.images);
  }

  /**
   * The renditions of a picture in `format` at the given widths (each fixed width when not
   * given, up to the original's own). Null when none can be made: no src, an original that is
   * missing or unreadable, or (with the gateway's renditions) a picture hosted elsewhere.
   */
  async renditionsOf(picture: PictureSource, format: ImageFormat, width?: RenditionWidth): Promise<Rendition[] | null> {
    if (!picture.src) return null;
    const original = mediaPath(picture.src.split(/[?#]/)[0]!);
    const { images } = this.config;
    if (images.imgproxy) {
      const source = original ? `${images.imgproxy.sourcePrefix}${original}` : /^https?:\/\//.test(picture.src) ? picture.src : null;
      if (!source) return null;
      const widths = width
        ? [{ width, rendered: picture.width ? renderedWidth(width, picture.width) : width }]
        : picture.width
          ? srcsetWidths(picture.width)
          : RENDITION_WIDTHS.map((w) => ({ width: w, rendered: w }));
      const { url, key, salt } = images.imgproxy;
      return widths.map((w) => ({
        url: imgproxyUrl({ baseUrl: url, key, salt, source, width: w.width, format }),
        width: w.rendered,
        height: scaledHeight(w.rendered, picture),
      }));
    }
    if (!original) return null;
    const description = await this.renditions.originals.describe(original).catch(() => null);
    if (!description) return null;
    const widths = width ? [{ width, rendered: renderedWidth(width, description.width) }] : srcsetWidths(description.width);
    return widths.map((w) => ({
      url: `${images.publicUrl}${renditionPath(original, description.digest, w.width, format)}`,
      width: w.rendered,
      height: scaledHeight(w.rendered, description),
    }));
  }

  /** `srcset` text: "url 320w, url 640w, …". */
  async srcset(picture: PictureSource, format: ImageFormat): Promise<string | null> {
    const renditions = await this.renditionsOf(picture, format);
    return renditions?.length ? renditions.map((r) => `${r.url} ${r.width}w`).join(', ') : null;
  }
}

const instances = new WeakMap<Config, ImageUrls>();

export function imageUrls(config: Config): ImageUrls {
  let instance = instances.get(config);
  if (!instance) instances.set(config, (instance = new ImageUrls(config)));
  return instance;
}

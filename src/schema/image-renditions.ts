/**
 * Renditions of an article's pictures: `url(width:, format:)` for one, `srcset(format:)` for an
 * `<img srcset>` (see src/media/image-urls.ts). Files are read, never the database: these fields
 * add no SQL to a query.
 */
import { IMAGE_FORMATS, isRenditionWidth, RENDITION_WIDTHS, type ImageFormat as Format } from '../domain/image-renditions.js';
import { imageUrls } from '../media/image-urls.js';
import { builder } from './builder.js';
import { ErrorCode, userError } from './errors.js';

export const ImageFormat = builder.enumType('ImageFormat', {
  description: 'Encodings of picture renditions.',
  values: Object.fromEntries(
    (Object.keys(IMAGE_FORMATS) as Format[]).map((format) => [format, { description: IMAGE_FORMATS[format].contentType }]),
  ) as Record<Format, { description: string }>,
});

/** What a rendition is made from (PictureSource): the original's path and size. */
const RENDITION_SOURCE = { src: true, width: true, height: true } as const;

builder.prismaObjectFields('ArticleImage', (t) => ({
  url: t.string({
    nullable: true,
    description:
      'A rendition of the picture in `format`, `width` pixels wide (never wider than the original), ' +
      'as an absolute URL that can be cached for good (its path changes with the content). Null when no rendition can be made ' +
      '(no src, a missing original, or a picture hosted elsewhere).',
    select: RENDITION_SOURCE,
    args: {
      width: t.arg.int({ required: true, description: `One of ${RENDITION_WIDTHS.join(', ')}.` }),
      format: t.arg({ type: ImageFormat, required: true, defaultValue: 'JPEG' }),
    },
    resolve: async (image, { width, format }, ctx) => {
      if (!isRenditionWidth(width)) {
        throw userError(ErrorCode.BAD_USER_INPUT, `Renditions are ${RENDITION_WIDTHS.join(', ')} pixels wide, not ${width}`, {
          argument: 'width',
          widths: [...RENDITION_WIDTHS],
        });
      }
      const renditions = await imageUrls(ctx.config).renditionsOf(image, format, width);
      return renditions?.[0]?.url ?? null;
    },
  }),
  srcset: t.string({
    nullable: true,
    description:
      'Every rendition in `format` with its real width, for `<img srcset>`: "…/320/….webp 320w, …/640/….webp 640w, …". ' +
      'Pair it with `sizes` (e.g. "(min-width: 768px) 640px, 100vw") and keep `src` (or `url(width: 640)`) as the fallback.',
    select: RENDITION_SOURCE,
    args: { format: t.arg({ type: ImageFormat, required: true, defaultValue: 'WEBP' }) },
    resolve: (image, { format }, ctx) => imageUrls(ctx.config).srcset(image, format),
  }),
}));

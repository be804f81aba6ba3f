/**
 * Makes renditions with sharp and keeps them on disk, named by their content hash: a rendition
 * is made once, whoever asks and however often. Requests for the same rendition while it is
 * being made wait for that one piece of work instead of starting their own.
 *
 * Budgets, per rendition: the original's bytes (checked before reading it), its pixels (sharp's
 * `limitInputPixels`, checked before decoding) and time (sharp's `timeout`, plus a deadline on
 * the request, since not every encoder reports progress: past it the request gets a 503 and the
 * work, if it goes on, still ends in the cache for the next one).
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { ImageConfig } from '../client-config.js';
import {
  IMAGE_FORMATS,
  renditionHash,
  renditionPath,
  type ImageFormat,
  type RenditionRefusal,
  type RenditionWidth,
} from '../domain/image-renditions.js';
import { ErrorCode } from '../errors/catalogue.js';
import { OriginalTooLargeError, Originals, UnreadableImageError } from './originals.js';

/** Encoder settings; change RENDITION_PIPELINE_VERSION with them (new settings, new URLs). */
function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'WEBP':
      return pipeline.webp({ quality: 75 });
    case 'AVIF':
      // Effort 2 of 9: a few hundred milliseconds for a 1280-pixel picture on one core.
      return pipeline.avif({ quality: 50, effort: 2 });
    case 'JPEG':
      return pipeline.jpeg({ quality: 78, progressive: true, mozjpeg: true });
  }
}

export type RenditionOutcome =
  | { kind: 'rendition'; file: string; bytes: number; format: ImageFormat; hash: string; made: boolean }
  | { kind: 'moved'; location: string }
  | { kind: 'refused'; code: RenditionRefusal | RenditionFailure; message: string };

export type RenditionFailure = typeof ErrorCode.IMAGE_TOO_LARGE | typeof ErrorCode.UNREADABLE_IMAGE | typeof ErrorCode.RENDITION_TIMEOUT;

export interface RenditionRequestParts {
  original: string;
  width: RenditionWidth;
  format: ImageFormat;
  hash: string;
}

class RenditionTimeout extends Error {}

export class Renditions {
  readonly originals: Originals;
  private readonly inFlight = new Map<string, Promise<RenditionOutcome>>();
  private cacheDirReady: Promise<unknown> | undefined;

  constructor(
    mediaDir: string,
    private readonly config: ImageConfig,
  ) {
    this.originals = new Originals(mediaDir, config.maxOriginalBytes);
  }

  private cacheFile(hash: string, format: ImageFormat): string {
    return path.join(this.config.cacheDir, `${hash}.${IMAGE_FORMATS[format].extension}`);
  }

  /**
   * The rendition a URL names. `shared` tells whether this request waited for another one's
   * work (coalesced) rather than doing it.
   */
  async obtain(request: RenditionRequestParts): Promise<{ outcome: RenditionOutcome; shared: boolean }> {
    const key = `${request.hash}.${request.format}`;
    const pending = this.inFlight.get(key);
    if (pending) return { outcome: await pending, shared: true };
    const work = this.produce(request).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return { outcome: await work, shared: false };
  }

  private async produce({ original, width, format, hash }: RenditionRequestParts): Promise<RenditionOutcome> {
    const cached = this.cacheFile(hash, format);
    const existing = await stat(cached).catch(() => null);
    if (existing?.isFile()) return { kind: 'rendition', file: cached, bytes: existing.size, format, hash, made: false };

    let description;
    try {
      description = await this.originals.describe(original);
    } catch (error) {
      return refusal(error);
    }
    if (!description) return { kind: 'refused', code: ErrorCode.NOT_FOUND, message: 'No such picture' };
    const current = renditionHash(description.digest, width, format);
    // An older URL of a replaced original: send the client to the current one.
    if (current !== hash) return { kind: 'moved', location: renditionPath(original, description.digest, width, format) };

    try {
      const content = await this.originals.content(description);
      const work = encode(
        sharp(content, { limitInputPixels: this.config.maxOriginalPixels, failOn: 'error' })
          .rotate()
          .resize({ width, withoutEnlargement: true }),
        format,
      )
        .timeout({ seconds: this.config.timeoutSeconds })
        .toBuffer();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RenditionTimeout()), this.config.timeoutSeconds * 1000);
      });
      const saved = work.then((buffer) => this.save(cached, buffer));
      saved.catch(() => {}); // past the deadline, nobody awaits it: its failure is not unhandled
      const bytes = await Promise.race([saved, deadline]).finally(() => clearTimeout(timer));
      return { kind: 'rendition', file: cached, bytes, format, hash, made: true };
    } catch (error) {
      return refusal(error);
    }
  }

  /** Written aside and renamed into place: a reader never sees half a file. */
  private async save(file: string, buffer: Buffer): Promise<number> {
    this.cacheDirReady ??= mkdir(this.config.cacheDir, { recursive: true });
    await this.cacheDirReady;
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, buffer);
    await rename(temporary, file);
    return buffer.length;
  }

  read(file: string): Promise<Buffer> {
    return readFile(file);
  }
}

function refusal(error: unknown): RenditionOutcome {
  if (error instanceof OriginalTooLargeError) return { kind: 'refused', code: ErrorCode.IMAGE_TOO_LARGE, message: error.message };
  if (error instanceof RenditionTimeout || (error instanceof Error && /timeout/i.test(error.message))) {
    return { kind: 'refused', code: ErrorCode.RENDITION_TIMEOUT, message: 'Making this rendition took too long' };
  }
  if (error instanceof Error && /pixel limit/i.test(error.message)) {
    return { kind: 'refused', code: ErrorCode.IMAGE_TOO_LARGE, message: 'The original has more pixels than renditions are made of' };
  }
  // A system error (a full disk, a folder we may not write) is ours, not the picture's: a 500.
  const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
  if (error instanceof UnreadableImageError || (error instanceof Error && !systemError)) {
    return { kind: 'refused', code: ErrorCode.UNREADABLE_IMAGE, message: 'The original is not a picture the gateway can read' };
  }
  throw error;
}

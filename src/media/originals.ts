/**
 * The originals under MEDIA_DIR, as renditions need them: found safely (the real path, symlinks
 * followed, must stay inside the folder) and described by the SHA-256 of their bytes and their
 * pixel size. A description is remembered while the file's size and modification time stay the
 * same, so a page of pictures costs a `stat` each, not a read.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface OriginalDescription {
  /** Real path of the file. */
  file: string;
  bytes: number;
  /** SHA-256 of the bytes, hex. */
  digest: string;
  width: number;
  height: number;
}

export class OriginalTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`The original is ${bytes} bytes; renditions are made of originals up to ${limit} bytes`);
  }
}

export class UnreadableImageError extends Error {}

interface Remembered extends OriginalDescription {
  mtimeMs: number;
}

/** Descriptions remembered at most; a newsroom's recent pictures fit, memory stays bounded. */
const REMEMBERED = 5000;

export class Originals {
  private readonly root: string;
  private realRoot: Promise<string | null> | undefined;
  private readonly remembered = new Map<string, Remembered>();

  constructor(
    mediaDir: string,
    private readonly maxBytes: number,
  ) {
    this.root = path.resolve(mediaDir);
  }

  /** The real path of `relative` (already a plain path, see mediaPath) if it is a file inside the folder. */
  async find(relative: string): Promise<{ file: string; bytes: number; mtimeMs: number } | null> {
    this.realRoot ??= realpath(this.root).catch(() => null);
    const base = await this.realRoot;
    if (!base) return null;
    const file = await realpath(path.join(this.root, relative)).catch(() => null);
    if (!file || path.relative(base, file).startsWith('..')) return null;
    const info = await stat(file).catch(() => null);
    return info?.isFile() ? { file, bytes: info.size, mtimeMs: info.mtimeMs } : null;
  }

  /**
   * Describes an original; null when there is no such file. Throws OriginalTooLargeError past
   * the size budget and UnreadableImageError when the bytes are not a picture sharp reads.
   * `bytes` hands back the file's content when it had to be read (renditions need it).
   */
  async describe(relative: string): Promise<(OriginalDescription & { content?: Buffer }) | null> {
    const found = await this.find(relative);
    if (!found) return null;
    const known = this.remembered.get(found.file);
    if (known && known.bytes === found.bytes && known.mtimeMs === found.mtimeMs) return known;
    if (found.bytes > this.maxBytes) throw new OriginalTooLargeError(found.bytes, this.maxBytes);
    const content = await readFile(found.file);
    const metadata = await sharp(content)
      .metadata()
      .catch(() => null);
    if (!metadata?.width || !metadata.height) throw new UnreadableImageError(`${relative} is not a picture the gateway can read`);
    // EXIF orientations 5–8 are turned a quarter: the rendition (auto-rotated) has the sides swapped.
    const turned = (metadata.orientation ?? 1) >= 5;
    const description: Remembered = {
      file: found.file,
      bytes: content.length,
      digest: createHash('sha256').update(content).digest('hex'),
      width: turned ? metadata.height : metadata.width,
      height: turned ? metadata.width : metadata.height,
      mtimeMs: found.mtimeMs,
    };
    if (this.remembered.size >= REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(found.file, description);
    return { ...description, content };
  }

  /** The bytes of a described original (read again when `describe` answered from memory). */
  async content(description: OriginalDescription & { content?: Buffer }): Promise<Buffer> {
    if (description.content) return description.content;
    if (description.bytes > this.maxBytes) throw new OriginalTooLargeError(description.bytes, this.maxBytes);
    return readFile(description.file);
  }
}

/**
 * URLs for imgproxy (https://docs.imgproxy.net), for publishers who already run one:
 *
 *   {IMGPROXY_URL}/{signature}/rs:fit:{width}:0:0/{base64url(source)}.{extension}
 *
 * `rs:fit:w:0:0` scales to the width, keeps the aspect ratio and never enlarges (the last 0),
 * as the gateway's own renditions do. The signature is imgproxy's: URL-safe Base64 (unpadded)
 * of HMAC-SHA256 with the hex-decoded key over the hex-decoded salt followed by the path after
 * the signature, leading "/" included. A wrong key or salt is refused by imgproxy with a 403,
 * so nobody can ask it for sizes the gateway does not hand out.
 *
 * Thumbor works the same way (HMAC-SHA1 with its SECURITY_KEY over "{width}x0/{source}", URL-safe
 * Base64, "/{signature}/{width}x0/filters:format(webp)/{source}"); it is not built in.
 */
import { createHmac } from 'node:crypto';
import { IMAGE_FORMATS, type ImageFormat } from './image-renditions.js';

export function signImgproxyPath(path: string, key: Buffer, salt: Buffer): string {
  return createHmac('sha256', key).update(salt).update(path).digest('base64url');
}

export interface ImgproxyUrlInput {
  baseUrl: string;
  key: Buffer;
  salt: Buffer;
  /** What imgproxy reads the original from: "local:///demo/a.jpg", "https://cdn…/a.jpg", "s3://…". */
  source: string;
  width: number;
  format: ImageFormat;
}

export function imgproxyUrl({ baseUrl, key, salt, source, width, format }: ImgproxyUrlInput): string {
  const path = `/rs:fit:${width}:0:0/${Buffer.from(source).toString('base64url')}.${IMAGE_FORMATS[format].extension}`;
  return `${baseUrl}/${signImgproxyPath(path, key, salt)}${path}`;
}

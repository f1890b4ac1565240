import { fromBase64 } from './bytes';

export interface ScreenshotImage {
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** Size of the decoded image in bytes. */
  bytes: number;
}

/** Only the browser's own encodings, as base64 data URLs: anything else is never kept or shown. */
const DATA_URL = /^data:(image\/jpeg|image\/png);base64,([A-Za-z0-9+/]+={0,2})$/;

/**
 * Reads a screenshot data URL: its type and pixel size from the image header (JPEG SOF segment, PNG IHDR chunk).
 * Undefined for anything that is not a well-formed JPEG or PNG data URL, or longer than `maxChars`.
 */
export function parseScreenshotDataUrl(dataUrl: unknown, maxChars = 2_000_000): ScreenshotImage | undefined {
  if (typeof dataUrl !== 'string' || dataUrl.length > maxChars) return undefined;
  const match = DATA_URL.exec(dataUrl);
  const mime = match?.[1];
  const bytes = match?.[2] === undefined ? undefined : fromBase64(match[2]);
  if (!bytes || (mime !== 'image/jpeg' && mime !== 'image/png')) return undefined;
  const size = mime === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  return size && { mime, ...size, bytes: bytes.length };
}

/** True for a string `parseScreenshotDataUrl` accepts by its shape alone (no decoding): for rendering. */
export function isScreenshotDataUrl(value: unknown): value is string {
  return typeof value === 'string' && DATA_URL.test(value);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 24 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return undefined;
  // IHDR is the first chunk: length (4), type (4), then width and height, big-endian (https://www.w3.org/TR/png/#11IHDR).
  if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  return sized(u32(b, 16), u32(b, 20));
}

/** Walks the JPEG segments to the first start-of-frame (https://www.w3.org/Graphics/JPEG/itu-t81.pdf, B.2.2). */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return sized(((b[i + 7] ?? 0) << 8) | (b[i + 8] ?? 0), ((b[i + 5] ?? 0) << 8) | (b[i + 6] ?? 0));
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function sized(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 && width <= 32_768 && height <= 32_768 ? { width, height } : undefined;
}

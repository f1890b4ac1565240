import { describe, expect, it } from 'vitest';
import { toBase64 } from '@/lib/bytes';
import { isScreenshotDataUrl, parseScreenshotDataUrl } from '@/lib/screenshot-image';
import { jpegHeader, pngHeader } from '../fixtures/images';

const jpegUrl = (bytes: Uint8Array) => `data:image/jpeg;base64,${toBase64(bytes)}`;

describe('parseScreenshotDataUrl', () => {
  it('reads the size of a baseline or progressive JPEG and of a PNG', () => {
    expect(parseScreenshotDataUrl(jpegUrl(jpegHeader(1280, 720)))).toEqual({ mime: 'image/jpeg', width: 1280, height: 720, bytes: 41 });
    expect(parseScreenshotDataUrl(jpegUrl(jpegHeader(800, 600, 0xc2)))).toMatchObject({ width: 800, height: 600 });
    expect(parseScreenshotDataUrl(`data:image/png;base64,${toBase64(pngHeader(3, 2))}`)).toMatchObject({ mime: 'image/png', width: 3, height: 2 });
  });

  it('refuses anything else: other types, markup, broken or empty images, a JPEG labelled PNG, oversized input', () => {
    const jpeg = toBase64(jpegHeader(10, 10));
    for (const bad of [
      undefined,
      42,
      '',
      `data:image/svg+xml;base64,${btoa('<svg onload=alert(1)>')}`,
      `data:text/html;base64,${jpeg}`,
      `data:image/jpeg,${jpeg}`,
      `data:image/jpeg;base64,${jpeg}" onerror="alert(1)`,
      `javascript:alert(1)//data:image/jpeg;base64,${jpeg}`,
      `data:image/png;base64,${jpeg}`,
      jpegUrl(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])),
      jpegUrl(jpegHeader(0, 10)),
      jpegUrl(jpegHeader(10, 10).subarray(0, 24)),
    ])
      expect(parseScreenshotDataUrl(bad), String(bad)).toBeUndefined();
    expect(parseScreenshotDataUrl(jpegUrl(jpegHeader(10, 10)), 20)).toBeUndefined();
  });

  it('isScreenshotDataUrl accepts the shape only', () => {
    expect(isScreenshotDataUrl(jpegUrl(jpegHeader(10, 10)))).toBe(true);
    expect(isScreenshotDataUrl('data:image/jpeg;base64,AAAA"><script>')).toBe(false);
    expect(isScreenshotDataUrl('data:image/gif;base64,AAAA')).toBe(false);
  });
});

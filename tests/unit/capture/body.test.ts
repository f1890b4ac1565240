import { describe, expect, it } from 'vitest';
import { captureWebRequestBody } from '@/lib/capture/body';

describe('captureWebRequestBody', () => {
  it('joins raw parts and keeps the bytes', () => {
    const body = captureWebRequestBody({ raw: [{ bytes: new TextEncoder().encode('ab').buffer }, { bytes: new Uint8Array([0, 255]).buffer }] });
    expect(body).toMatchObject({ size: 4, truncated: false, form: 'raw' });
    expect([...(body?.bytes ?? [])]).toEqual([97, 98, 0, 255]);
  });

  it('truncates at the limit and marks it', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(7);
    const body = captureWebRequestBody({ raw: [{ bytes: big.buffer }] }, 1024);
    expect(body?.bytes.length).toBe(1024);
    expect(body).toMatchObject({ size: 5 * 1024 * 1024, truncated: true });
  });

  it('reads form data into fields and url-encoded bytes', () => {
    const body = captureWebRequestBody({ formData: { email: ['a@b.example'], n: ['1', '2'] } });
    expect(body?.fields).toEqual({ email: ['a@b.example'], n: ['1', '2'] });
    expect(new TextDecoder().decode(body?.bytes)).toBe('email=a%40b.example&n=1&n=2');
  });

  it('ignores file parts and missing bodies', () => {
    expect(captureWebRequestBody({ raw: [{ file: '/tmp/x' }] })).toMatchObject({ size: 0 });
    expect(captureWebRequestBody(undefined)).toBeUndefined();
    expect(captureWebRequestBody({ error: 'Unknown error.' })).toBeUndefined();
  });
});

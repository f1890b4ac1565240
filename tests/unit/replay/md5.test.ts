import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from '../../../lib/replay/md5';

const hex = (text: string): string => Buffer.from(md5(new TextEncoder().encode(text))).toString('hex');

describe('md5', () => {
  it('passes the RFC 1321 test suite', () => {
    expect(hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(hex('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')).toBe('d174ab98d277d9f5a5611c2c9f419d9f');
    expect(hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto across block boundaries and non-ASCII input', () => {
    for (let n = 0; n < 200; n++) {
      const text = `${'x'.repeat(n)}é`;
      expect(hex(text)).toBe(createHash('md5').update(text).digest('hex'));
    }
  });
});

/**
 * MD5 (RFC 1321), because SubtleCrypto has none and ad-tech "advanced matching" still sends md5(email).
 * Only used on short canary values; checked against the RFC test suite and node:crypto in the unit tests.
 */
export function md5(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const wordCount = (((n + 8) >>> 6) + 1) * 16;
  const m = new Uint32Array(wordCount);
  for (let i = 0; i < n; i++) m[i >> 2] = (m[i >> 2] ?? 0) | ((bytes[i] ?? 0) << ((i % 4) * 8));
  m[n >> 2] = (m[n >> 2] ?? 0) | (0x80 << ((n % 4) * 8));
  m[wordCount - 2] = (n * 8) >>> 0;
  m[wordCount - 1] = Math.floor(n / 0x20000000);
  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  for (let block = 0; block < wordCount; block += 16) {
    const [a0, b0, c0, d0] = [a, b, c, d];
    for (let j = 0; j < 64; j++) {
      let f: number;
      let g: number;
      if (j < 16) {
        f = (b & c) | (~b & d);
        g = j;
      } else if (j < 32) {
        f = (d & b) | (~d & c);
        g = (5 * j + 1) % 16;
      } else if (j < 48) {
        f = b ^ c ^ d;
        g = (3 * j + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * j) % 16;
      }
      const sum = (a + f + (K[j] ?? 0) + (m[block + g] ?? 0)) | 0;
      const shift = S[(j >> 4) * 4 + (j % 4)] ?? 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a = (a + a0) | 0;
    b = (b + b0) | 0;
    c = (c + c0) | 0;
    d = (d + d0) | 0;
  }
  const out = new Uint8Array(16);
  [a, b, c, d].forEach((word, i) => {
    for (let k = 0; k < 4; k++) out[i * 4 + k] = (word >>> (k * 8)) & 0xff;
  });
  return out;
}

const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

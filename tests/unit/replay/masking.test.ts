import { describe, expect, it } from 'vitest';
import { request, field, scanOf } from '../findings/helpers';

describe('judgeMasking (through the scan)', () => {
  const hotjar = request('https://static.hotjar.com/c/hotjar-1.js', 100, { type: 'script' });

  it('follows the vendor defaults, then its markers', () => {
    const scan = scanOf([hotjar, field('email'), field('name', ['[data-hj-suppress]']), field('tel', ['[data-hj-allow]']), field('password')]);
    expect(scan.masking.map((m) => [m.field.fieldKind, m.verdict])).toEqual([
      ['email', 'masked'],
      ['name', 'masked'],
      ['tel', 'unmasked'],
      ['password', 'masked'],
    ]);
    expect(scan.masking[0]?.reason).toContain('masks inputs by default');
  });

  it('says when masking depends on a dashboard setting', () => {
    const clarity = request('https://www.clarity.ms/tag/abc', 100, { type: 'script' });
    const verdicts = scanOf([clarity, field('email')]).masking;
    expect(verdicts.map((m) => m.vendor)).toEqual(['microsoft-clarity']);
    expect(['masked', 'depends-on-setting']).toContain(verdicts[0]?.verdict);
  });

  it('judges nothing when no recorder is on the page', () => {
    expect(scanOf([field('email', ['[data-hj-allow]'])]).masking).toEqual([]);
  });
});

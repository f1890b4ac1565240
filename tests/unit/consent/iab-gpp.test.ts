import { GppModel } from '@iabgpp/cmpapi';
import { describe, expect, it } from 'vitest';
import { readCmpStates } from '../../../lib/consent/cmp-state';
import { ALL_PURPOSES, makeTcString } from '../../fixtures/tc-strings';

/** A GPP string as a CMP writes it, encoded by the real @iabgpp/cmpapi. */
function gpp(fields: Record<string, Record<string, unknown>>): string {
  const model = new GppModel();
  for (const [section, values] of Object.entries(fields)) for (const [field, value] of Object.entries(values)) model.setFieldValue(section, field, value);
  return model.encode();
}
const read = (value: string, name = '__gpp') => readCmpStates({ cookies: [{ name, value }], localStorage: [] });

describe('iab-gpp reads the __gpp string', () => {
  it('an opt-out of sale or targeted advertising in the US national section is a refusal', () => {
    const value = gpp({ usnat: { SaleOptOutNotice: 1, SaleOptOut: 1, TargetedAdvertisingOptOutNotice: 1, TargetedAdvertisingOptOut: 1, SharingOptOut: 2 } });
    expect(read(value)).toEqual([
      expect.objectContaining({ cmp: 'iab-gpp', choice: 'reject', purposes: { sale: false, 'targeted-advertising': false, sharing: true } }),
    ]);
  });

  it('a state section (California) is read the same way', () => {
    expect(read(gpp({ usca: { SaleOptOutNotice: 1, SaleOptOut: 1, SharingOptOut: 1 } }))).toEqual([
      expect.objectContaining({ choice: 'reject', purposes: { sale: false, sharing: false } }),
    ]);
  });

  it('not opting out is no choice, never a consent', () => {
    expect(read(gpp({ usnat: { SaleOptOut: 2, SharingOptOut: 2, TargetedAdvertisingOptOut: 2 } }))).toEqual([
      expect.objectContaining({ choice: 'none', purposes: { sale: true, sharing: true, 'targeted-advertising': true } }),
    ]);
  });

  it('the US privacy section inside GPP', () => {
    expect(read(gpp({ uspv1: { Notice: 'Y', OptOutSale: 'Y', LspaCovered: 'N' } }))).toEqual([
      expect.objectContaining({ choice: 'reject', purposes: { sale: false } }),
    ]);
  });

  it('a TCF EU section is read as its TC string (refusal and acceptance)', () => {
    const refused = gpp({ tcfeuv2: { CmpId: 10, PurposeConsents: [false, false, false] } });
    expect(read(refused)).toEqual([expect.objectContaining({ cmp: 'iab-gpp', choice: 'reject' })]);
    const accepted = gpp({ tcfeuv2: { CmpId: 10, PurposeConsents: ALL_PURPOSES.map(() => true), VendorConsents: [1, 755] } });
    const [reading] = read(accepted);
    expect(reading).toMatchObject({ choice: 'accept', tcString: expect.stringMatching(/^C/) });
    expect(makeTcString).toBeTypeOf('function');
  });

  it('garbage is unreadable, never a choice', () => {
    for (const value of ['DBABMA~garbage', 'not a gpp string at all', '~~~', `DBABMA~${'A'.repeat(9000)}`])
      expect(read(value)).toEqual([expect.objectContaining({ cmp: 'iab-gpp', choice: 'unknown' })]);
  });

  it('usprivacy keeps priority over __gpp, as before', () => {
    const storage = {
      cookies: [
        { name: 'usprivacy', value: '1YNN' },
        { name: '__gpp', value: gpp({ usnat: { SaleOptOut: 1 } }) },
      ],
      localStorage: [],
    };
    expect(readCmpStates(storage)).toEqual([expect.objectContaining({ cmp: 'iab-gpp', choice: 'none', raw: '1YNN' })]);
  });
});

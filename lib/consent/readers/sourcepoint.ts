import type { CmpReader } from '../cmp-reader';
import { readTcfCmp, stateOf, unreadable } from '../reading';
import { decodeValue, findItems, parseJsonObject, readOwn } from '../storage-values';
import { readTcString } from '../tcf';

/**
 * localStorage `_sp_user_consent_<property id>`: JSON with `gdpr.consentStatus {consentedAll, rejectedAny,
 * rejectedAll, hasConsentData}` and `gdpr.euconsent`; otherwise the `euconsent-v2` cookie with CMP id 6.
 */
export const sourcepoint: CmpReader = {
  id: 'sourcepoint',
  read(storage) {
    const item = findItems(storage.localStorage, /^_sp_user_consent_\d+$/)[0];
    if (!item) return readTcfCmp('sourcepoint', storage, 6);
    const state = parseJsonObject(decodeValue(item.value) ?? '');
    const gdpr = state && readOwn(state, 'gdpr');
    if (!gdpr || typeof gdpr !== 'object') return unreadable('sourcepoint', 'no gdpr section', item.value);
    const status = readOwn(gdpr, 'consentStatus');
    const flag = (key: string) => (status && typeof status === 'object' ? readOwn(status, key) === true : false);
    const euconsent = readOwn(gdpr, 'euconsent');
    const tcString = typeof euconsent === 'string' && readTcString(euconsent).ok ? euconsent : undefined;
    const choice =
      !flag('hasConsentData') && !flag('consentedAll') && !flag('rejectedAll')
        ? 'none'
        : flag('consentedAll')
          ? 'accept'
          : flag('rejectedAll')
            ? 'reject'
            : 'partial';
    return stateOf('sourcepoint', choice, item.value, { tcString });
  },
};

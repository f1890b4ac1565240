import type { CmpReader } from '../cmp-reader';
import { stateOf } from '../reading';
import { choiceOf, decodeValue, findItem, toPurposes } from '../storage-values';

const CATEGORIES = ['functional', 'preferences', 'statistics', 'marketing'];

/**
 * `cmplz_<category>` = allow | deny, `cmplz_banner-status` = dismissed once answered. Category cookies without a
 * dismissed banner are defaults (opt-out regions, or statistics forced on as "anonymous"), not a choice.
 */
export const complianz: CmpReader = {
  id: 'complianz',
  read({ cookies }) {
    const status = findItem(cookies, 'cmplz_banner-status');
    const legacy = findItem(cookies, 'complianz_consent_status');
    const entries = CATEGORIES.flatMap((c) => {
      const value = decodeValue(findItem(cookies, `cmplz_${c}`)?.value ?? '');
      return value === 'allow' || value === 'deny' ? [[c, value === 'allow'] as const] : [];
    });
    if (!status && !legacy && !entries.length) return null;
    const purposes = toPurposes(entries);
    const raw = [status, legacy, ...CATEGORIES.map((c) => findItem(cookies, `cmplz_${c}`))]
      .filter((i) => i)
      .map((i) => `${i?.name}=${i?.value}`)
      .join('; ');
    if (legacy && !entries.length) {
      const value = decodeValue(legacy.value);
      const choice = value === 'allow' ? 'accept' : value === 'deny' ? 'reject' : 'none';
      return stateOf('complianz', choice, raw);
    }
    const dismissed = decodeValue(status?.value ?? '') === 'dismissed';
    if (!dismissed) return stateOf('complianz', 'none', raw, { purposes, implicit: entries.some(([, v]) => v) });
    return stateOf('complianz', choiceOf(purposes, ['functional']), raw, { purposes });
  },
};

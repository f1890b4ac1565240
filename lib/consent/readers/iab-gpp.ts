import type { CmpReader } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem } from '../storage-values';

/**
 * The US privacy string `usprivacy` = '1' + notice + opt-out of sale + LSPA (Y, N or -): an opt-out of sale is a refusal,
 * anything else no choice. GPP strings (`__gpp`) need @iabgpp/cmpapi to decode, which is not a dependency.
 */
export const iabGpp: CmpReader = {
  id: 'iab-gpp',
  read({ cookies, localStorage }) {
    const usp = findItem(cookies, 'usprivacy') ?? findItem(localStorage, 'usprivacy');
    if (usp) {
      const match = /^1([YN-])([YN-])([YN-])$/i.exec(decodeValue(usp.value) ?? '');
      if (!match) return unreadable('iab-gpp', 'not a US privacy string', usp.value);
      const optOut = match[2]?.toUpperCase();
      return stateOf('iab-gpp', optOut === 'Y' ? 'reject' : 'none', usp.value, optOut === 'Y' || optOut === 'N' ? { purposes: { sale: optOut === 'N' } } : {});
    }
    const gpp = findItem(cookies, '__gpp') ?? findItem(localStorage, '__gpp');
    return gpp ? unreadable('iab-gpp', 'GPP string: decoding needs @iabgpp/cmpapi', gpp.value) : null;
  },
};

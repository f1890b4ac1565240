import type { CmpReader } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem } from '../storage-values';

/** `cookieconsent_status` = allow | deny | dismiss; `dismiss` closes an information-only banner, which asks nothing. */
export const insitesCookieconsent: CmpReader = {
  id: 'insites-cookieconsent',
  read({ cookies }) {
    const item = findItem(cookies, 'cookieconsent_status');
    if (!item) return null;
    switch (decodeValue(item.value)) {
      case 'allow':
        return stateOf('insites-cookieconsent', 'accept', item.value);
      case 'deny':
        return stateOf('insites-cookieconsent', 'reject', item.value);
      case 'dismiss':
        return stateOf('insites-cookieconsent', 'accept', item.value, { implicit: true });
      default:
        return unreadable('insites-cookieconsent', 'not allow, deny or dismiss', item.value);
    }
  },
};

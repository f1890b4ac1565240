import type { CmpReader, CmpReading } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem, type NamedValue } from '../storage-values';

const ID = 'insites-cookieconsent';

/**
 * `cookieconsent_status` (name set by `cookie.name`) = allow | deny | dismiss; `dismiss` closes an information-only
 * banner, which asks nothing.
 */
export const insitesCookieconsent: CmpReader = {
  id: ID,
  read({ cookies }) {
    const item = findItem(cookies, 'cookieconsent_status');
    return item ? (readValue(item) ?? unreadable(ID, 'not allow, deny or dismiss', item.value)) : null;
  },
  readRenamed: readValue,
  genericShape: true,
};

function readValue(item: NamedValue): CmpReading | null {
  switch (decodeValue(item.value)) {
    case 'allow':
      return stateOf(ID, 'accept', item.value);
    case 'deny':
      return stateOf(ID, 'reject', item.value);
    case 'dismiss':
      return stateOf(ID, 'accept', item.value, { implicit: true });
    default:
      return null;
  }
}

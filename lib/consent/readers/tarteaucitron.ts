import type { CmpReader, CmpReading } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem, type NamedValue, toPurposes } from '../storage-values';

const ID = 'tarteaucitron';
const SHAPE = /^(?:![^=!]{1,80}=(?:true|false|wait))+$/;

/**
 * `tarteaucitron` (name set by `cookieName`) = '!<service>=true|false|wait…'. The cookie exists before any choice with
 * every service `wait` (checked with tarteaucitron 1.34.0), so only decided services count; a service still waiting is
 * not allowed.
 */
export const tarteaucitron: CmpReader = {
  id: ID,
  read({ cookies }) {
    const item = findItem(cookies, 'tarteaucitron');
    return item ? readValue(item) : null;
  },
  readRenamed(item) {
    return SHAPE.test(decodeValue(item.value) ?? '') ? readValue(item) : null;
  },
};

function readValue(item: NamedValue): CmpReading {
  const text = decodeValue(item.value);
  if (text === undefined) return unreadable(ID, 'too-long', item.value);
  const parts = text.split('!').filter(Boolean);
  const entries: (readonly [string, boolean])[] = [];
  let waiting = 0;
  for (const part of parts) {
    const match = /^([^=]{1,80})=(true|false|wait)$/.exec(part.trim());
    if (!match?.[1]) return unreadable(ID, `malformed entry "${part.slice(0, 40)}"`, item.value);
    if (match[2] === 'wait') waiting++;
    else entries.push([match[1], match[2] === 'true']);
  }
  const purposes = toPurposes(entries);
  const granted = entries.filter(([, v]) => v).length;
  const choice = !entries.length ? 'none' : granted === 0 ? 'reject' : granted === entries.length && !waiting ? 'accept' : 'partial';
  return stateOf(ID, choice, item.value, { purposes });
}

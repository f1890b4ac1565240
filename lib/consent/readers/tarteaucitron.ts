import type { CmpReader } from '../cmp-state';
import { stateOf, unreadable } from '../reading';
import { decodeValue, findItem, toPurposes } from '../storage-values';

/**
 * `tarteaucitron` = '!<service>=true|false|wait…'. The cookie exists before any choice with every service `wait`
 * (checked with tarteaucitron 1.34.0), so only decided services count; a service still waiting is not allowed.
 */
export const tarteaucitron: CmpReader = {
  id: 'tarteaucitron',
  read({ cookies }) {
    const item = findItem(cookies, 'tarteaucitron');
    if (!item) return null;
    const text = decodeValue(item.value);
    if (text === undefined) return unreadable('tarteaucitron', 'too-long', item.value);
    const parts = text.split('!').filter(Boolean);
    const entries: (readonly [string, boolean])[] = [];
    let waiting = 0;
    for (const part of parts) {
      const match = /^([^=]{1,80})=(true|false|wait)$/.exec(part.trim());
      if (!match?.[1]) return unreadable('tarteaucitron', `malformed entry "${part.slice(0, 40)}"`, item.value);
      if (match[2] === 'wait') waiting++;
      else entries.push([match[1], match[2] === 'true']);
    }
    const purposes = toPurposes(entries);
    const granted = entries.filter(([, v]) => v).length;
    const choice = !entries.length ? 'none' : granted === 0 ? 'reject' : granted === entries.length && !waiting ? 'accept' : 'partial';
    return stateOf('tarteaucitron', choice, item.value, { purposes });
  },
};

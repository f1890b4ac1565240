import type { CmpReader } from '../cmp-reader';
import { readTcfCmp, tcfState, unreadable } from '../reading';
import { decodeValue, findItem, parseJson } from '../storage-values';
import { readTcString } from '../tcf';

/** `FCCDCF`: a URL-encoded JSON array that somewhere holds the TC string; the nested strings are tried in turn. */
export const googleFundingChoices: CmpReader = {
  id: 'google-funding-choices',
  read(storage) {
    const item = findItem(storage.cookies, 'FCCDCF');
    if (!item) return readTcfCmp('google-funding-choices', storage, 300);
    const text = decodeValue(item.value);
    const tcString = text === undefined ? undefined : stringsIn(parseJson(text), 0).find((s) => readTcString(s).ok);
    return (tcString && tcfState('google-funding-choices', tcString)) || unreadable('google-funding-choices', 'no TC string in FCCDCF', item.value);
  },
};

function stringsIn(value: unknown, depth: number): string[] {
  if (typeof value === 'string') {
    const nested = depth < 4 && value.startsWith('[') ? stringsIn(parseJson(value), depth + 1) : [];
    return [value, ...nested];
  }
  if (!Array.isArray(value) || depth >= 4) return [];
  return value
    .slice(0, 50)
    .flatMap((v) => stringsIn(v, depth + 1))
    .slice(0, 100);
}

import { GppModel } from '@iabgpp/cmpapi';
import type { CmpReader, CmpReading } from '../cmp-state';
import { stateOf, tcfState, unreadable } from '../reading';
import { decodeValue, findItem, type NamedValue } from '../storage-values';
import { readTcString } from '../tcf';

const ID = 'iab-gpp';
/** GPP section ids (https://github.com/InteractiveAdvertisingBureau/Global-Privacy-Platform, Sections): 2 is TCF EU v2, 6 the US privacy string; 7 and up are the US national and state sections. */
const TCF_EU_V2 = 2;
const USP_V1 = 6;
/** The opt-outs US sections carry: 1 = opted out, 2 = did not opt out, 0 = not applicable. */
const OPT_OUTS = [
  ['SaleOptOut', 'sale'],
  ['SharingOptOut', 'sharing'],
  ['TargetedAdvertisingOptOut', 'targeted-advertising'],
] as const;
const GPP_MAX = 8_192;

/**
 * The US privacy string `usprivacy` = '1' + notice + opt-out of sale + LSPA (Y, N or -), and the GPP string `__gpp`
 * decoded with @iabgpp/cmpapi: an opt-out of sale, sharing or targeted advertising in a US section is a refusal, a
 * TCF EU section is read as the TC string it is, anything else is no choice (not opting out is not consenting).
 */
export const iabGpp: CmpReader = {
  id: ID,
  read({ cookies, localStorage }) {
    const usp = findItem(cookies, 'usprivacy') ?? findItem(localStorage, 'usprivacy');
    if (usp) return readUsPrivacy(usp);
    const gpp = findItem(cookies, '__gpp') ?? findItem(localStorage, '__gpp');
    return gpp ? readGpp(gpp) : null;
  },
};

function readUsPrivacy(item: NamedValue): CmpReading {
  const match = /^1([YN-])([YN-])([YN-])$/i.exec(decodeValue(item.value) ?? '');
  if (!match) return unreadable(ID, 'not a US privacy string', item.value);
  const optOut = match[2]?.toUpperCase();
  return stateOf(ID, optOut === 'Y' ? 'reject' : 'none', item.value, optOut === 'Y' || optOut === 'N' ? { purposes: { sale: optOut === 'N' } } : {});
}

function readGpp(item: NamedValue): CmpReading {
  const text = decodeValue(item.value);
  if (!text || text.length > GPP_MAX || !/^[A-Za-z0-9_\-.~]+$/.test(text)) return unreadable(ID, 'not a GPP string', item.value);
  let ids: number[];
  const purposes: Record<string, boolean> = {};
  let tcString: string | undefined;
  try {
    const model = new GppModel(text);
    ids = model.getSectionIds().filter((id): id is number => typeof id === 'number');
    // Sections follow the header in the order of their ids.
    const parts = text.split('~').slice(1);
    ids.forEach((id, index) => {
      if (id === TCF_EU_V2) tcString = parts[index];
      if (id < 7 && id !== USP_V1) return;
      for (const [field, purpose] of OPT_OUTS) {
        const value = fieldOf(model, id, id === USP_V1 ? 'OptOutSale' : field);
        const optedOut = value === 1 || value === 'Y';
        const kept = value === 2 || value === 'N';
        if (optedOut) purposes[purpose] = false;
        else if (kept && !(purpose in purposes)) purposes[purpose] = true;
        if (id === USP_V1) break;
      }
    });
  } catch (error) {
    return unreadable(ID, `GPP string: ${error instanceof Error ? error.message.slice(0, 80) : 'does not decode'}`, item.value);
  }
  if (Object.values(purposes).includes(false)) return stateOf(ID, 'reject', item.value, { purposes });
  if (tcString && readTcString(tcString).ok) {
    const tc = tcfState(ID, tcString);
    if (tc) return { ...tc, raw: item.value.slice(0, 2_000) };
  }
  return stateOf(ID, 'none', item.value, { purposes });
}

/** A section's field, or undefined when that section has no such field (the library throws for those). */
function fieldOf(model: GppModel, sectionId: number, field: string): unknown {
  try {
    return model.getFieldValueBySectionId(sectionId, field);
  } catch {
    return undefined;
  }
}

import type { CmpReader, CmpReading } from '../cmp-reader';
import { stateOf, unreadable } from '../reading';
import { choiceOf, decodeValue, findItem, parseJsonObject, readOwn, toPurposes } from '../storage-values';
import { readTcString } from '../tcf';

/**
 * Usercentrics keeps its state in localStorage. Browser CMP v2: `uc_settings` `{services: [{id, status, history}]}`,
 * and `uc_user_interaction` = 'true' once the visitor answered. Web CMP v3: `ucData` `{consent: {services: {id:
 * {name, consent}}}, gcm}`. Essential services (v2 history action `onEssentialChange`, v3 `essential`) are left out.
 */
export const usercentrics: CmpReader = {
  id: 'usercentrics',
  read({ localStorage }) {
    const settings = findItem(localStorage, 'uc_settings');
    const data = findItem(localStorage, 'ucData');
    if (!settings && !data) return null;
    const interacted = findItem(localStorage, 'uc_user_interaction')?.value === 'true';
    const tcString = readUcTcString(findItem(localStorage, 'uc_tcf')?.value);
    return settings ? readSettings(settings.value, interacted, tcString) : readData(data?.value ?? '', interacted, tcString);
  },
};

function readSettings(raw: string, interacted: boolean, tcString: string | undefined): CmpReading {
  const settings = parseJsonObject(decodeValue(raw) ?? '');
  const services = settings && readOwn(settings, 'services');
  if (!Array.isArray(services)) return unreadable('usercentrics', 'uc_settings has no services', raw);
  const essential: string[] = [];
  let explicit = false;
  const entries: (readonly [string, unknown])[] = [];
  for (const service of services.slice(0, 500)) {
    if (!service || typeof service !== 'object') continue;
    const id = readOwn(service, 'id');
    if (typeof id !== 'string') continue;
    entries.push([id, readOwn(service, 'status')]);
    const history = readOwn(service, 'history');
    if (!Array.isArray(history)) continue;
    for (const step of history.slice(-50)) {
      if (!step || typeof step !== 'object') continue;
      if (readOwn(step, 'type') === 'explicit') explicit = true;
      if (readOwn(step, 'action') === 'onEssentialChange') essential.push(id);
    }
  }
  const purposes = toPurposes(entries);
  const choice = interacted || explicit ? choiceOf(purposes, essential) : 'none';
  return stateOf('usercentrics', choice, raw, { purposes, tcString });
}

function readData(raw: string, interacted: boolean, tcString: string | undefined): CmpReading {
  const data = parseJsonObject(decodeValue(raw) ?? '');
  const consent = data && readOwn(data, 'consent');
  const services = consent && typeof consent === 'object' ? readOwn(consent, 'services') : undefined;
  if (!services || typeof services !== 'object') return unreadable('usercentrics', 'ucData has no consent.services', raw);
  const essential: string[] = [];
  const entries: (readonly [string, unknown])[] = [];
  for (const id of Object.keys(services).slice(0, 500)) {
    const service = readOwn(services, id);
    if (!service || typeof service !== 'object') continue;
    const name = readOwn(service, 'name');
    const key = typeof name === 'string' && name ? name : id;
    entries.push([key, readOwn(service, 'consent')]);
    if (readOwn(service, 'essential') === true || readOwn(service, 'isEssential') === true) essential.push(key);
  }
  const purposes = toPurposes(entries);
  const type = readOwn(consent as object, 'type');
  const explicit = interacted || (typeof type === 'string' && type.toLowerCase() === 'explicit');
  return stateOf('usercentrics', explicit ? choiceOf(purposes, essential) : 'none', raw, { purposes, tcString });
}

function readUcTcString(raw: string | undefined): string | undefined {
  const tcf = raw === undefined ? undefined : parseJsonObject(decodeValue(raw) ?? '');
  const tcString = tcf && readOwn(tcf, 'tcString');
  return typeof tcString === 'string' && readTcString(tcString).ok ? tcString : undefined;
}

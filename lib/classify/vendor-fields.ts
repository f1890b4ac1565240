import type { CmpInfo, NamedItem, SessionReplayInfo, StorageItem } from './vendor';

/** Readers of a vendor file's fields: each turns unknown JSON into a typed value, and says every problem it finds. */

/**
 * A domain entry: lowercase hostname labels (letters, digits, hyphens; punycode for IDNs), at least two labels, no scheme,
 * port or trailing dot, optionally followed by a path prefix (`google.com/recaptcha`).
 */
export const DOMAIN_ENTRY_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\/[A-Za-z0-9._~%!$&'()+,;=:@/-]*)?$/;

const STORAGE_AREAS = ['localStorage', 'sessionStorage', 'indexedDB'] as const;
const GLOBAL_PATTERN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
/** Cookie names are RFC 6265 tokens; `*` is our wildcard. */
const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isHttpsUrl(value: string): boolean {
  return /^https:\/\/[^\s/]+\.[^\s/]+(?:\/\S*)?$/.test(value);
}

export function readText(raw: Record<string, unknown>, key: string, problems: string[], where = ''): string | undefined {
  const value = raw[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(`${where}"${key}": required, a non-empty string`);
  return undefined;
}

export function readOneOf<T extends string>(raw: Record<string, unknown>, key: string, allowed: readonly T[], problems: string[]): T | undefined {
  const value = raw[key];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`"${key}": ${JSON.stringify(value)} is not one of ${allowed.join(', ')} (lib/classify/categories.ts)`);
  return undefined;
}

export function readStringArray(value: unknown, where: string, problems: string[], nonEmpty: boolean): string[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    problems.push(`${where}: must be ${nonEmpty ? 'a non-empty' : 'an'} array of strings`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item.trim() !== '') out.push(item);
    else problems.push(`${where}[${i}]: must be a non-empty string`);
  });
  return out;
}

export function readDomains(value: unknown, problems: string[]): string[] {
  const domains = readStringArray(value, '"domains"', problems, true);
  const seen = new Set<string>();
  for (const domain of domains) {
    if (seen.has(domain)) problems.push(`"domains": "${domain}" is listed twice; remove one`);
    seen.add(domain);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) {
      problems.push(`"domains": "${domain}" has a scheme; write the bare host, e.g. "example.com"`);
    } else if (/[A-Z]/.test(domain.split('/', 1)[0] ?? '')) {
      problems.push(`"domains": "${domain}" must be lowercase`);
    } else if (domain.startsWith('.') || domain.startsWith('*')) {
      problems.push(`"domains": "${domain}" must not start with "." or "*"; an entry already matches its subdomains`);
    } else if (!DOMAIN_ENTRY_PATTERN.test(domain)) {
      problems.push(`"domains": "${domain}" is not a bare hostname with an optional path prefix (no port, trailing dot, query or spaces; punycode for IDNs)`);
    } else if (/\/$/.test(domain) && domain.indexOf('/') === domain.length - 1) {
      problems.push(`"domains": "${domain}" ends with "/"; drop it, or give a real path prefix`);
    }
  }
  return domains;
}

export function readSources(value: unknown, problems: string[]): string[] {
  const sources = readStringArray(value, '"sources"', problems, true);
  for (const source of sources) {
    if (/^research:/.test(source)) {
      problems.push(
        `"sources": "${source}" is a private research note users cannot open; replace it with the public https:// URLs it cites (vendor docs, npm or GitHub pages), or say "unverified: …" in "notes"`,
      );
    } else if (!isHttpsUrl(source)) {
      problems.push(`"sources": "${source}" must be an https:// URL of public vendor documentation, a package page or a repository`);
    }
  }
  return sources;
}

export function readNamedItems(value: unknown, field: string, problems: string[]): NamedItem[] {
  if (!Array.isArray(value)) {
    problems.push(`"${field}": must be an array of { name, purpose, lifetime? }`);
    return [];
  }
  const items: NamedItem[] = [];
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const where = `"${field}"[${i}].`;
    if (!isRecord(entry)) {
      problems.push(`"${field}"[${i}]: must be an object { name, purpose, lifetime? }`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!['name', 'purpose', 'lifetime', 'vendorDomainOnly', 'generic', 'consentState', 'area'].includes(key) || (key === 'area' && field === 'cookies')) {
        problems.push(
          `${where}${key}: unknown field; allowed are name, purpose, lifetime, vendorDomainOnly, generic, consentState${field === 'storage' ? ', area' : ''}`,
        );
      }
    }
    const name = readText(entry, 'name', problems, where);
    const purpose = readText(entry, 'purpose', problems, where);
    if (name !== undefined) {
      if (field === 'cookies' && !COOKIE_NAME_PATTERN.test(name)) {
        problems.push(`${where}name: "${name}" is not a valid cookie name (no spaces, ";", "=" or quotes)`);
      }
      if (name === '*' || /\*\*/.test(name)) problems.push(`${where}name: "${name}" is too broad; keep a literal prefix or suffix`);
      if (seen.has(name)) problems.push(`${where}name: "${name}" is listed twice; remove one`);
      seen.add(name);
    }
    const item: NamedItem = { name: name ?? '', purpose: purpose ?? '' };
    if (entry.lifetime !== undefined) {
      if (typeof entry.lifetime === 'string' && entry.lifetime.trim() !== '') item.lifetime = entry.lifetime;
      else problems.push(`${where}lifetime: must be a non-empty string such as "13 months" or "session", or be left out`);
    }
    if (entry.vendorDomainOnly !== undefined) {
      if (entry.vendorDomainOnly === true) item.vendorDomainOnly = true;
      else problems.push(`${where}vendorDomainOnly: must be true, or be left out`);
    }
    if (entry.generic !== undefined) {
      if (entry.generic === true) item.generic = true;
      else problems.push(`${where}generic: must be true, or be left out`);
    }
    if (entry.consentState !== undefined) {
      if (entry.consentState === true) item.consentState = true;
      else problems.push(`${where}consentState: must be true, or be left out`);
    }
    items.push(item);
  });
  return items;
}

export function readStorageItems(value: unknown, problems: string[]): StorageItem[] {
  const named = readNamedItems(value, 'storage', problems);
  const raws = Array.isArray(value) ? value : [];
  return named.map((item, i) => {
    const entry: unknown = raws[i];
    const area = isRecord(entry) ? entry.area : undefined;
    if (typeof area === 'string' && (STORAGE_AREAS as readonly string[]).includes(area)) {
      return { ...item, area: area as StorageItem['area'] };
    }
    problems.push(`"storage"[${i}].area: ${JSON.stringify(area)} is not one of ${STORAGE_AREAS.join(', ')}`);
    return { ...item, area: 'localStorage' };
  });
}

export function readGlobals(value: unknown, problems: string[]): string[] {
  const globals = readStringArray(value, '"globals"', problems, false);
  for (const name of globals) {
    if (!GLOBAL_PATTERN.test(name)) problems.push(`"globals": "${name}" is not a JavaScript identifier or dotted path`);
  }
  return globals;
}

export function readSessionReplay(value: unknown, problems: string[]): SessionReplayInfo | undefined {
  if (!isRecord(value)) {
    problems.push('"sessionReplay": must be an object { scripts, ingest, markers, defaults, encodings? }');
    return undefined;
  }
  const scripts = readStringArray(value.scripts, '"sessionReplay".scripts', problems, false);
  const ingest = readStringArray(value.ingest, '"sessionReplay".ingest', problems, false);
  const markersRaw = value.markers;
  const markers = { mask: [] as string[], unmask: [] as string[], block: [] as string[] };
  if (isRecord(markersRaw)) {
    markers.mask = readStringArray(markersRaw.mask, '"sessionReplay".markers.mask', problems, false);
    markers.unmask = readStringArray(markersRaw.unmask, '"sessionReplay".markers.unmask', problems, false);
    markers.block = readStringArray(markersRaw.block, '"sessionReplay".markers.block', problems, false);
  } else {
    problems.push('"sessionReplay".markers: must be an object { mask: [], unmask: [], block: [] }');
  }
  const defaultsRaw = value.defaults;
  const defaults: SessionReplayInfo['defaults'] = { inputsMasked: 'setting', textMasked: 'setting' };
  if (isRecord(defaultsRaw)) {
    for (const key of ['inputsMasked', 'textMasked'] as const) {
      const v = defaultsRaw[key];
      if (typeof v === 'boolean' || v === 'setting') defaults[key] = v;
      else problems.push(`"sessionReplay".defaults.${key}: must be true, false or "setting"`);
    }
  } else {
    problems.push('"sessionReplay".defaults: must be an object { inputsMasked, textMasked }');
  }
  const info: SessionReplayInfo = { scripts, ingest, markers, defaults };
  if (scripts.length === 0 && ingest.length === 0) {
    problems.push('"sessionReplay": give at least one script or ingest pattern');
  }
  if (value.encodings !== undefined) info.encodings = readStringArray(value.encodings, '"sessionReplay".encodings', problems, false);
  if (value.ignoresUntrustedEvents !== undefined) {
    if (typeof value.ignoresUntrustedEvents === 'boolean') info.ignoresUntrustedEvents = value.ignoresUntrustedEvents;
    else problems.push('"sessionReplay".ignoresUntrustedEvents: must be true or false, or be left out');
  }
  return info;
}

export function readCmp(value: unknown, problems: string[]): CmpInfo | undefined {
  if (!isRecord(value)) {
    problems.push('"cmp": must be an object { scripts, consentCookies, tcf? }');
    return undefined;
  }
  const scripts = readStringArray(value.scripts, '"cmp".scripts', problems, false);
  const consentCookies: CmpInfo['consentCookies'] = [];
  if (Array.isArray(value.consentCookies)) {
    value.consentCookies.forEach((entry, i) => {
      const where = `"cmp".consentCookies[${i}].`;
      if (!isRecord(entry)) {
        problems.push(`"cmp".consentCookies[${i}]: must be an object { name, area?, howToRead }`);
        return;
      }
      const name = readText(entry, 'name', problems, where);
      const howToRead = readText(entry, 'howToRead', problems, where);
      const cookie: CmpInfo['consentCookies'][number] = { name: name ?? '', howToRead: howToRead ?? '' };
      if (entry.area !== undefined) {
        if (entry.area === 'cookie' || entry.area === 'localStorage') cookie.area = entry.area;
        else problems.push(`${where}area: must be "cookie" or "localStorage", or be left out`);
      }
      consentCookies.push(cookie);
    });
  } else {
    problems.push('"cmp".consentCookies: must be an array of { name, area?, howToRead }');
  }
  const cmp: CmpInfo = { scripts, consentCookies };
  if (value.tcf !== undefined) {
    if (typeof value.tcf === 'boolean') cmp.tcf = value.tcf;
    else problems.push('"cmp".tcf: must be true or false, or be left out');
  }
  return cmp;
}

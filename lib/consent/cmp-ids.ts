/**
 * CMP ids are the vendor ids of `data/vendors/`. Other vocabularies
 * (the TCF CMP list, autoconsent rule names) are mapped onto them here.
 */

/** Global CMP List ids (https://cmplist.consensu.org/v2/cmp-list.json; ids are never reused). */
const TCF_CMP_IDS: ReadonlyMap<number, string> = new Map([
  [5, 'usercentrics'],
  [6, 'sourcepoint'],
  [7, 'didomi'],
  [10, 'inmobi-quantcast-choice'],
  [28, 'onetrust'],
  [31, 'consentmanager'],
  [47, 'trustarc'],
  [90, 'commanders-act'],
  [92, 'sirdata'],
  [123, 'iubenda'],
  [134, 'cookiebot'],
  [162, 'cookie-information'],
  [300, 'google-funding-choices'],
]);

/**
 * autoconsent rule name (its own, or ours in lib/audit/own-rules.ts) → the CMPs it may stand for (its Complianz rules
 * also match the Insites cookieconsent markup).
 */
export const AUTOCONSENT_RULES: ReadonlyMap<string, readonly string[]> = new Map([
  ['onetrust', ['onetrust']],
  ['cybotcookiebot', ['cookiebot']],
  ['didomi', ['didomi']],
  ['axeptio', ['axeptio']],
  ['usercentrics-api', ['usercentrics']],
  ['usercentrics-button', ['usercentrics']],
  ['quantcast', ['inmobi-quantcast-choice']],
  ['inmobi', ['inmobi-quantcast-choice']],
  ['trustarc-top', ['trustarc']],
  ['trustarc-newcm', ['trustarc']],
  ['osano', ['osano']],
  ['complianz banner', ['complianz']],
  ['complianz categories', ['complianz', 'insites-cookieconsent']],
  ['complianz notice', ['complianz', 'insites-cookieconsent']],
  ['complianz optin', ['complianz', 'insites-cookieconsent']],
  ['complianz opt-out', ['complianz', 'insites-cookieconsent']],
  ['cookieyes', ['cookieyes']],
  ['cookie-law-info', ['cookieyes']],
  ['klaro', ['klaro']],
  ['orejime', ['orejime']],
  ['tarteaucitron.js', ['tarteaucitron']],
  ['tarteaucitron deny', ['tarteaucitron']],
  ['iubenda', ['iubenda']],
  ['sourcepoint-frame', ['sourcepoint']],
  ['borlabs', ['borlabs']],
  ['termly', ['termly']],
  ['sirdata', ['sirdata']],
  ['cookie information banner', ['cookie-information']],
  ['civic-cookie-control', ['civic-cookie-control']],
  ['cookieconsent3', ['vanilla-cookieconsent']],
  ['cookieconsent2', ['vanilla-cookieconsent']],
  ['consentmanager.net', ['consentmanager']],
  ['consentmanager-ncmp', ['consentmanager']],
  ['funding-choices', ['google-funding-choices']],
  ['cookie-script', ['cookie-script']],
  ['hubspot', ['hubspot-cookie-banner']],
]);

/** Framework ids: several CMPs speak them, so they never count as a second CMP. */
export const FRAMEWORK_IDS: readonly string[] = ['iab-tcf', 'iab-gpp'];

export function cmpIdFromTcf(cmpId: number | undefined): string | undefined {
  return cmpId === undefined ? undefined : TCF_CMP_IDS.get(cmpId);
}

/** The CMP ids a name may stand for: a known id, an autoconsent rule name, or else the name itself, lowercased. */
export function cmpCandidates(name: string): readonly string[] {
  const key = name.trim().toLowerCase().slice(0, 80);
  return AUTOCONSENT_RULES.get(key) ?? [key];
}

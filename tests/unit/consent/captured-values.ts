/**
 * Values written by the real CMP packages from npm, captured from the extension's own cookie and storage records while
 * autoconsent (or a click) answered the fixture banners in Chromium (tests/fixtures/sites/<cmp>*-ok.example). Names
 * are the ones each fixture configured; the comment says which configuration wrote them.
 */

/** klaro 0.7.22, default cookie `klaro`. */
export const KLARO = {
  reject: '%7B%22analytics%22%3Afalse%2C%22ads%22%3Afalse%7D',
  accept: '%7B%22analytics%22%3Atrue%2C%22ads%22%3Atrue%7D',
};

/** klaro 0.7.22, storageMethod 'localStorage', storageName 'shop_consent'. */
export const KLARO_LOCAL_RENAMED = {
  reject: '%7B%22besucherstatistik%22%3Afalse%2C%22werbepixel%22%3Afalse%7D',
  accept: '%7B%22besucherstatistik%22%3Atrue%2C%22werbepixel%22%3Atrue%7D',
};

/** orejime 3.2.1, default set-up: the cookie is `eu-consent` (its README says `orejime`). */
export const OREJIME = {
  reject: '{%22analytics%22:false%2C%22ads%22:false}',
  accept: '{%22analytics%22:true%2C%22ads%22:true}',
};

/** orejime 3.2.1, cookie.name 'consentement', a purpose group (pixel-meta, reciblage) flattened. */
export const OREJIME_RENAMED_ACCEPT = '{%22mesure-audience%22:true%2C%22pixel-meta%22:true%2C%22reciblage%22:true}';

/** vanilla-cookieconsent 2.9.2, default cookie `cc_cookie` (not URL-encoded), categories necessary, analytics, targeting. */
export const CC2 = {
  reject:
    '{"categories":["necessary"],"level":["necessary"],"revision":0,"data":null,"rfc_cookie":false,"consent_date":"2026-12-05T17:48:38.444Z","consent_uuid":"1c67d97b-dd6a-4900-9dd9-4544a09b123c","last_consent_update":"2026-12-05T17:48:38.444Z"}',
  accept:
    '{"categories":["necessary","analytics","targeting"],"level":["necessary","analytics","targeting"],"revision":0,"data":null,"rfc_cookie":false,"consent_date":"2026-12-05T17:48:45.337Z","consent_uuid":"b585a0f5-c443-48a5-82cb-7bef10bc648c","last_consent_update":"2026-12-05T17:48:45.337Z"}',
};

/** vanilla-cookieconsent 2.9.2, cookie_name 'site_cookies', use_rfc_cookie, French category names. */
export const CC2_RENAMED = {
  reject:
    '%7B%22categories%22%3A%5B%22necessaires%22%5D%2C%22level%22%3A%5B%22necessaires%22%5D%2C%22revision%22%3A0%2C%22data%22%3Anull%2C%22rfc_cookie%22%3Atrue%2C%22consent_date%22%3A%222026-12-05T17%3A48%3A59.672Z%22%2C%22consent_uuid%22%3A%223910c513-1396-42fd-a78c-7137e2089624%22%2C%22last_consent_update%22%3A%222026-12-05T17%3A48%3A59.672Z%22%7D',
  accept:
    '%7B%22categories%22%3A%5B%22necessaires%22%2C%22statistiques%22%2C%22publicite%22%5D%2C%22level%22%3A%5B%22necessaires%22%2C%22statistiques%22%2C%22publicite%22%5D%2C%22revision%22%3A0%2C%22data%22%3Anull%2C%22rfc_cookie%22%3Atrue%2C%22consent_date%22%3A%222026-12-05T17%3A49%3A12.002Z%22%2C%22consent_uuid%22%3A%221f939869-9644-4b0a-b6b5-b60f7cfbedc6%22%2C%22last_consent_update%22%3A%222026-12-05T17%3A49%3A12.002Z%22%7D',
};

/** vanilla-cookieconsent 3.1.0, cookie {name: 'consent_state', useLocalStorage: true}, Spanish category names. */
export const CC3_LOCAL_RENAMED = {
  reject:
    '{"categories":["necesarias"],"revision":0,"data":null,"consentTimestamp":"2026-12-05T17:49:50.302Z","consentId":"4d8d2210-0989-4f4a-9bc1-de29ba4a193d","services":{"necesarias":[],"estadisticas":[],"publicidad":[]},"languageCode":"es","lastConsentTimestamp":"2026-12-05T17:49:50.302Z","expirationTime":1812217790305}',
  accept:
    '{"categories":["necesarias","estadisticas","publicidad"],"revision":0,"data":null,"consentTimestamp":"2026-12-05T17:50:00.720Z","consentId":"84803bfa-b494-403c-ae74-e9e2b549cdd6","services":{"necesarias":[],"estadisticas":[],"publicidad":[]},"languageCode":"es","lastConsentTimestamp":"2026-12-05T17:50:00.720Z","expirationTime":1812217800722}',
};

/** tarteaucitronjs 1.34.0, cookieName 'tac_choix', services mesureaudience and pixelpub, in the order written. */
export const TAC_RENAMED = {
  beforeChoice: '!pixelpub=wait!mesureaudience=wait',
  reject: '!pixelpub=false!mesureaudience=false',
  acceptHalfWritten: '!mesureaudience=wait!pixelpub=true',
  accept: '!pixelpub=true!mesureaudience=true',
};

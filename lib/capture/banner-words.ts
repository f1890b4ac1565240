/**
 * The words of consent banners in English, French, German, Spanish, Italian and Dutch: what a banner talks about, and
 * what its buttons say. Pure; the page-side detector (`banner.ts`) reads the DOM and asks these.
 *
 * Button labels are matched whole (after cleaning), never as a substring: "Accept offer", "Subscribe", "No thanks",
 * "Yes" or "Close" are not consent controls, so a newsletter modal, an age gate or a chat widget has none.
 */

/** What a banner control does. `acknowledge` is an "OK" that offers no choice. */
export type ControlRole = 'accept' | 'reject' | 'settings' | 'acknowledge';

/** Longest label read as a control (banner buttons are short; a longer text is a link in a paragraph). */
export const LABEL_MAX = 60;

const REJECT: readonly RegExp[] = [
  // EN
  /^(i )?(reject|decline|deny|refuse)( all| everything)?( optional| non-essential| additional)?( cookies| tracking)?$/,
  /^(i )?(do not|don't|dont) (accept|agree|consent)$/,
  /^disagree( and close)?$/,
  /^(only|just) (the )?(strictly )?(necessary|essential|required|functional)( cookies)?$/,
  /^(strictly )?(necessary|essential|required|functional)( cookies)? only$/,
  /^(use|allow|accept) (only )?(the )?(strictly )?(necessary|essential|required|functional)( cookies)?( only)?$/,
  /^continue without (accepting|agreeing|consent|cookies)$/,
  // FR
  /^(tout |je )?(refuser|rejeter|refuse)( tout| tous les cookies| les cookies| et (continuer|fermer))?$/,
  /^continuer sans (accepter|consentir)$/,
  /^(je n'accepte pas|non,? je refuse)$/,
  /^((les )?cookies )?(strictement )?(nécessaires|essentiels) uniquement$/,
  /^(seulement|uniquement) (les )?(cookies )?(nécessaires|essentiels|strictement nécessaires)$/,
  // DE
  /^(alle |cookies |alles )?ablehnen$/,
  /^(optionale|alle cookies|einwilligung|zustimmung) (ablehnen|verweigern)$/,
  /^nur (technisch )?(notwendige|essenzielle|essentielle|erforderliche|funktionale)( cookies)?( akzeptieren| erlauben| zulassen| verwenden)?$/,
  /^weiter ohne (einwilligung|zustimmung|cookies|akzeptieren)$/,
  /^nicht (zustimmen|akzeptieren|einverstanden)$/,
  // ES
  /^rechazar( todo| todas| todas las cookies| cookies| y cerrar)?$/,
  /^no acepto$/,
  /^(solo|sólo|únicamente) (las )?(cookies )?(necesarias|esenciales|técnicas)$/,
  /^continuar sin aceptar$/,
  /^denegar( todo| todas)?$/,
  // IT
  /^rifiuta( tutto| tutti| tutti i cookie| i cookie)?$/,
  /^(rifiuto|non accetto)$/,
  /^(solo|solamente|accetta solo) (i )?(cookie )?(necessari|essenziali|tecnici)$/,
  /^continua senza accettare$/,
  // NL
  /^(alles |cookies )?(weigeren|afwijzen)$/,
  /^(weiger|wijs)( alles| cookies)?( af)?$/,
  /^(alleen|enkel) (noodzakelijke|functionele|essentiële)( cookies)?( accepteren| toestaan)?$/,
  /^doorgaan zonder (te accepteren|akkoord te gaan)$/,
  /^niet akkoord$/,
];

const ACCEPT: readonly RegExp[] = [
  // EN
  /^(i )?(accept|agree|allow|consent)( to)?( all| everything)?( cookies| tracking)?( and (close|continue))?$/,
  /^(yes,? )?i (accept|agree)$/,
  /^accept (all|cookies) (and|&) (close|continue)$/,
  // FR
  /^(tout )?(accepter|autoriser)( tout| tous les cookies| les cookies| et (fermer|continuer))?$/,
  /^(oui,? )?j'accepte( tout| les cookies| tous les cookies)?$/,
  // DE
  /^(alle |cookies |alles )?(akzeptieren|annehmen|zulassen|erlauben|zustimmen)( und (schließen|fortfahren|weiter))?$/,
  /^(ich stimme zu|einverstanden|ich bin einverstanden|alle cookies akzeptieren)$/,
  // ES
  /^aceptar( todo| todas| todas las cookies| cookies| y (cerrar|continuar))?$/,
  /^(acepto|permitir( todo| todas)?)$/,
  // IT
  /^accetta( tutto| tutti| tutti i cookie| i cookie| e (chiudi|continua))?$/,
  /^(accetto|acconsento|consenti( tutto| tutti)?)$/,
  // NL
  /^(alles |alle cookies )?(accepteren|toestaan)$/,
  /^(accepteer|sta)( alles| cookies| alle cookies)?( toe)?$/,
  /^(ik ga akkoord|akkoord)$/,
];

const SETTINGS: readonly RegExp[] = [
  /^(cookie |privacy )?(settings|preferences|options|choices)$/,
  /^(manage|customi[sz]e|configure|change|set)( my| your)?( cookie| privacy)?( cookies| settings| preferences| choices| options)?$/,
  /^(more options|let me choose|show purposes)$/,
  /^(personnaliser|paramétrer|configurer)( les cookies| mes choix)?$/,
  /^(paramètres|préférences)( des cookies| de confidentialité)?$/,
  /^gérer( mes| les)? (choix|préférences|cookies|paramètres)$/,
  /^(cookie ?)?(einstellungen|präferenzen)( anpassen| verwalten)?$/,
  /^(anpassen|verwalten|mehr optionen|individuelle (datenschutz)?einstellungen|details anzeigen)$/,
  /^(configurar|personalizar|gestionar|ajustes|preferencias)( cookies| las cookies| de cookies)?$/,
  /^(personalizza|impostazioni|gestisci|preferenze)( cookie| i cookie| preferenze)?$/,
  /^(cookie ?)?(instellingen|voorkeuren)( aanpassen| beheren)?$/,
  /^aanpassen$/,
];

const ACKNOWLEDGE: readonly RegExp[] = [
  /^(ok|okay|oké|got it|understood|i understand|ok,? got it)$/,
  /^(compris|j'ai compris|d'accord|ok,? j'ai compris)$/,
  /^(verstanden|ok,? verstanden|alles klar)$/,
  /^(entendido|de acuerdo|vale)$/,
  /^(ho capito|capito|va bene)$/,
  /^(begrepen|prima|oké, begrepen)$/,
];

/**
 * What a banner is about: cookies and device storage, consent, privacy, in the six languages. Each entry names the
 * word it stands for, which is what the evidence records.
 */
const TOPICS: readonly [string, RegExp][] = [
  ['cookies', /\bcookies?\b/],
  ['traceurs', /\b(traceurs?|témoins de connexion)\b/],
  ['trackers', /\btrack(ers?|ing technolog(y|ies))\b/],
  [
    'device storage',
    /(store and(\/or)? access information|stocker et\/?ou accéder|informationen auf (ihrem|einem) gerät|almacenar (la información|y\/?o acceder)|archiviare e\/?o accedere|informatie op (je|uw) apparaat)/,
  ],
  [
    'similar technologies',
    /(similar technologies|technologies similaires|ähnliche technologien|tecnologías similares|tecnologie simili|vergelijkbare technieken|vergelijkbare technologieën)/,
  ],
  ['consent', /(consent|einwilligung|zustimmung|consentimiento|consenso|toestemming)/],
  ['privacy', /(privacy|vie privée|datenschutz|privatsphäre|privacidad|riservatezza)/],
];

/**
 * Dialogs that use these words but ask something else: age gates and adult-content warnings, whose "Yes/No" or
 * "Enter/Leave" are never a consent choice (autoconsent excludes the same).
 */
const EXCLUDED: readonly RegExp[] = [
  /age (verification|confirmation|check|gate|restriction)/,
  /(over|above|at least|older than) (18|21)\b(?! ?(months|days))/,
  /\b(18|21) ?(\+|years?) ?(of age|or older|or above|old)/,
  /(plus de|au moins) 18 ans|(êtes[- ]vous|je suis|vous êtes) majeur/,
  /(über|mindestens) 18( jahre)?|volljährig/,
  /mayor de (edad|18)|más de 18 años/,
  /maggiorenne|più di 18 anni/,
  /18 jaar of ouder|ouder dan 18/,
  /adult[\s-]+(oriented|only|content|material|websites?)/,
];

/**
 * A word every control label above contains: one cheap test per element before the full match, so that a page of
 * thousands of links costs little (most labels fail here).
 */
const STEMS =
  /accept|agree|allow|consent|reject|decline|deny|refus|disagree|necess|essential|required|functional|continu|setting|preferen|option|choice|choose|manage|custom|configur|change|\bset\b|purpose|\bok|got it|underst|compris|accord|accepter|autoris|rejet|personnal|paramét|paramètr|gérer|ablehn|akzept|zustimm|einverstanden|zulassen|erlauben|annehmen|notwendig|essenziell|essentiell|erforderlich|funktional|verweiger|einstellung|präferenz|anpassen|verwalten|optionen|details|verstanden|klar|acept|rechaz|permitir|necesari|esencial|técnica|configurar|personaliz|gestionar|ajustes|entendido|vale|denegar|accett|rifiut|acconsent|consenti|necessari|essenzial|tecnici|impostazion|gestisci|capito|bene|weiger|afwijz|wijs|toestaan|\bsta\b|accepteer|akkoord|noodzakelijk|functionele|essentiële|instelling|voorkeur|aanpass|doorgaan|begrepen|prima|oké/i;

/** A cheap first test: false when `text` cannot be a consent control's label (most links and buttons of a page). */
export function mightBeControlLabel(text: string): boolean {
  return text.length <= LABEL_MAX * 4 && STEMS.test(text);
}

/** A label as matched: lowercase, typographic quotes straightened, punctuation and symbols dropped, spaces collapsed. */
export function cleanLabel(label: string): string {
  return label
    .slice(0, LABEL_MAX * 2)
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”"#/[\]→✕×⟩❯<>✗›«»!.:;…()*+|-]+/g, ' ')
    .replace(/\p{Extended_Pictographic}|\u200b|\u200c|\u200d|\ufe0f/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The role of a control from its label, or undefined when the label is not a consent control's. */
export function classifyControlLabel(label: string): ControlRole | undefined {
  if (label.length > LABEL_MAX * 2 || !STEMS.test(label)) return undefined;
  const text = cleanLabel(label);
  if (!text || text.length > LABEL_MAX) return undefined;
  if (REJECT.some((p) => p.test(text))) return 'reject';
  if (ACCEPT.some((p) => p.test(text))) return 'accept';
  if (SETTINGS.some((p) => p.test(text))) return 'settings';
  if (ACKNOWLEDGE.some((p) => p.test(text))) return 'acknowledge';
  return undefined;
}

/** The consent topics a text talks about (`cookies`, `consent`, `privacy` …), first found first. */
export function consentTopics(text: string): string[] {
  const lower = text.toLowerCase();
  return TOPICS.filter(([, pattern]) => pattern.test(lower)).map(([word]) => word);
}

/** True for a dialog that asks something other than consent though it may use its words (an age gate). */
export function isExcludedDialog(text: string): boolean {
  const lower = text.toLowerCase();
  return EXCLUDED.some((p) => p.test(lower));
}

/**
 * What a dialog with these topics and controls is. A consent banner has consent wording and a way to refuse or to
 * choose: a refuse control, or an accept control beside settings. With wording and only an accept or "OK", it is a notice
 * that offers no choice: not a consent mechanism (CNIL guidelines and recommendation of 17 September 2020: continuing
 * to browse is not consent, and refusing must be as easy as accepting; https://www.cnil.fr/en/cookies-and-other-trackers).
 * Anything else is not about consent.
 */
export function bannerKind(topics: readonly string[], roles: readonly ControlRole[]): 'consent-banner' | 'notice' | undefined {
  if (!topics.length) return undefined;
  const has = (role: ControlRole) => roles.includes(role);
  if (has('reject') || (has('accept') && has('settings'))) return 'consent-banner';
  if (has('accept') || has('acknowledge')) return 'notice';
  return undefined;
}

// Which pages a crawl audits first: those where a session recorder or a tracker does the most harm, because visitors
// type there (login, sign-up, checkout, cart, account, contact, forms). Told from the link's text and the URL's path in
// English, French, German, Spanish and Italian; then the sitemap's order, then breadth-first.

/** Kinds of page, most harmful first, with their words (lower case, without accents; several words are a phrase). */
export const HARM_KINDS = [
  {
    kind: 'login',
    weight: 6,
    words: [
      'login',
      'log in',
      'logon',
      'sign in',
      'signin',
      'connexion',
      'se connecter',
      'identifiez vous',
      'anmelden',
      'einloggen',
      'iniciar sesion',
      'acceder',
      'accedi',
      'accesso',
    ],
  },
  {
    kind: 'signup',
    weight: 6,
    words: [
      'sign up',
      'signup',
      'register',
      'registration',
      'create account',
      'create an account',
      'inscription',
      'inscrire',
      'creer un compte',
      'registrieren',
      'registrierung',
      'konto erstellen',
      'registrarse',
      'registro',
      'crear cuenta',
      'registrati',
      'registrazione',
      'iscriviti',
    ],
  },
  {
    kind: 'checkout',
    weight: 5,
    words: ['checkout', 'check out', 'commande', 'commander', 'paiement', 'kasse', 'bezahlen', 'pagar', 'pago', 'finalizar compra', 'cassa', 'pagamento'],
  },
  { kind: 'cart', weight: 4, words: ['cart', 'basket', 'panier', 'warenkorb', 'carrito', 'cesta', 'carrello'] },
  {
    kind: 'account',
    weight: 4,
    words: ['account', 'my account', 'compte', 'mon compte', 'konto', 'kundenkonto', 'mein konto', 'cuenta', 'mi cuenta', 'profilo'],
  },
  {
    kind: 'contact',
    weight: 3,
    words: ['contact', 'contactez', 'nous contacter', 'kontakt', 'contacto', 'contactenos', 'contatti', 'contattaci'],
  },
];
const FORM_WEIGHT = 3;

/**
 * @typedef {{ url: string, text?: string, form?: boolean, sitemapIndex?: number, depth: number, order: number }} Candidate
 * `form`: the URL is a GET form's action; `sitemapIndex`: its place in the sitemap; `depth`: links from the start
 * page (sitemap pages: 1); `order`: when it was found.
 */

/** The most harmful kind the link names, `form` for a form's action, or undefined; with its weight. */
export function harmOf({ url, text = '', form = false }) {
  const said = ` ${words(text)} ${words(pathOf(url))} `;
  const named = HARM_KINDS.find((k) => k.words.some((w) => hasWord(said, w)));
  if (named) return { kind: named.kind, weight: named.weight + (form ? 1 : 0) };
  return form ? { kind: 'form', weight: FORM_WEIGHT } : undefined;
}

/**
 * The candidates in the order a crawl takes them: most harmful first, then by place in the sitemap (listed pages
 * first), then fewest links from the start, then first found. Pure and stable.
 */
export function rankCandidates(candidates) {
  return candidates
    .map((c) => ({ c, weight: harmOf(c)?.weight ?? 0 }))
    .sort(
      (a, b) =>
        b.weight - a.weight ||
        (a.c.sitemapIndex ?? Number.MAX_SAFE_INTEGER) - (b.c.sitemapIndex ?? Number.MAX_SAFE_INTEGER) ||
        a.c.depth - b.c.depth ||
        a.c.order - b.c.order,
    )
    .map(({ c }) => c);
}

/** A phrase matches whole words; a single word of five letters or more also starts a longer one (`kontaktformular`). */
function hasWord(said, word) {
  if (said.includes(` ${word} `)) return true;
  return !word.includes(' ') && word.length >= 5 && said.includes(` ${word}`);
}

function words(text) {
  return String(text)
    .slice(0, 500)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function pathOf(url) {
  try {
    const { pathname, search } = new URL(url);
    let path = `${pathname} ${search}`;
    try {
      path = decodeURIComponent(path);
    } catch {}
    return path;
  } catch {
    return '';
  }
}

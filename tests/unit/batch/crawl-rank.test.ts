import { describe, expect, it } from 'vitest';
import { type Candidate, harmOf, rankCandidates } from '@/lib/batch/crawl-rank.mjs';

describe('harmOf', () => {
  it.each([
    ['https://shop.example/login', '', 'login'],
    ['https://shop.example/p/1', 'Se connecter', 'login'],
    ['https://shop.example/konto/anmelden', '', 'login'],
    ['https://shop.example/x', 'Iniciar sesión', 'login'],
    ['https://shop.example/x', 'Accedi', 'login'],
    ['https://shop.example/inscription', '', 'signup'],
    ['https://shop.example/x', 'Registrieren', 'signup'],
    ['https://shop.example/x', 'Créer un compte', 'signup'],
    ['https://shop.example/registrati', '', 'signup'],
    ['https://shop.example/kasse', '', 'checkout'],
    ['https://shop.example/x', 'Finalizar compra', 'checkout'],
    ['https://shop.example/x', 'Cassa', 'checkout'],
    ['https://shop.example/warenkorb', '', 'cart'],
    ['https://shop.example/x', 'Mon panier', 'cart'],
    ['https://shop.example/carrito', '', 'cart'],
    ['https://shop.example/carrello', '', 'cart'],
    ['https://shop.example/mi-cuenta', '', 'account'],
    ['https://shop.example/x', 'Mein Konto', 'account'],
    ['https://shop.example/kontaktformular', '', 'contact'],
    ['https://shop.example/contatti', '', 'contact'],
    ['https://shop.example/x', 'Contacto', 'contact'],
  ])('%s "%s" is %s', (url, text, kind) => {
    expect(harmOf({ url, text })?.kind).toBe(kind);
  });

  it('names nothing on ordinary pages, and does not take a word inside another', () => {
    for (const [url, text] of [
      ['https://shop.example/products', 'Our products'],
      ['https://shop.example/blog/catalogue', 'Catalogue'],
      ['https://shop.example/cartoon', 'Cartoons'],
      ['https://shop.example/x', 'Blogin'],
    ] as const)
      expect(harmOf({ url, text }), url).toBeUndefined();
  });

  it('ranks a GET form above an ordinary link, and a login form above both', () => {
    expect(harmOf({ url: 'https://shop.example/search', form: true })).toEqual({ kind: 'form', weight: 3 });
    expect(harmOf({ url: 'https://shop.example/login', form: true })?.weight).toBeGreaterThan(harmOf({ url: 'https://shop.example/login' })?.weight ?? 0);
  });
});

describe('rankCandidates', () => {
  const c = (url: string, more: Partial<Candidate> = {}): Candidate => ({ url: `https://shop.example${url}`, text: '', depth: 1, order: 0, ...more });

  it('takes harm first, then sitemap order, then depth, then discovery order', () => {
    const ranked = rankCandidates([
      c('/deep', { depth: 3, order: 0 }),
      c('/b', { sitemapIndex: 2, order: 1 }),
      c('/contact', { depth: 4, order: 2 }),
      c('/a', { sitemapIndex: 1, order: 3 }),
      c('/near2', { depth: 1, order: 5 }),
      c('/near1', { depth: 1, order: 4 }),
      c('/x', { text: 'Sign in', depth: 2, order: 6 }),
      c('/cart', { order: 7 }),
    ]);
    expect(ranked.map((r) => new URL(r.url).pathname)).toEqual(['/x', '/cart', '/contact', '/a', '/b', '/near1', '/near2', '/deep']);
  });

  it('is stable and does not change its input', () => {
    const input = [c('/a', { order: 1 }), c('/b', { order: 0 })];
    const copy = structuredClone(input);
    expect(rankCandidates(input).map((r) => r.url)).toEqual([input[1]?.url, input[0]?.url]);
    expect(input).toEqual(copy);
  });
});

import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { CONTROLS_MAX, clickBannerControl, describeBanner, findBanners, type Layout, selectorOf } from '@/lib/capture/banner';

/** linkedom has no layout: positions are read from inline styles, and anything under `hidden` is invisible. */
const layout: Layout = {
  isVisible: (el) => !el.closest('[hidden]') && !/display:\s*none/.test(el.getAttribute('style') ?? ''),
  position: (el) => /position:\s*(\w+)/.exec(el.getAttribute('style') ?? '')?.[1] ?? 'static',
};

function page(body: string, lang = 'en') {
  const { document } = parseHTML(`<!doctype html><html lang="${lang}"><head></head><body>${body}</body></html>`);
  return document as unknown as Document;
}

const FIXED = 'style="position: fixed; bottom: 0"';
/** A clock that never moves: the time budget is tested on its own, and a busy test machine must not cut a scan. */
const still = { now: () => 0 };

describe('findBanners', () => {
  it('finds a fixed consent bar by its wording and its controls, in French', () => {
    const doc = page(
      `<h1>Boutique</h1><div id="bandeau" ${FIXED}><p>Nous utilisons des cookies. Votre consentement peut être retiré.</p>
       <button>Tout refuser</button><button>Tout accepter</button><a href="#p">Personnaliser</a></div>`,
      'fr',
    );
    const { banners, complete } = findBanners(doc, layout, still);
    expect(complete).toBe(true);
    expect(banners).toHaveLength(1);
    expect(banners[0]).toMatchObject({ kind: 'consent-banner', selector: 'div#bandeau', topics: ['cookies', 'consent'] });
    expect(banners[0]?.controls.map((c) => [c.role, c.label])).toEqual([
      ['reject', 'Tout refuser'],
      ['accept', 'Tout accepter'],
      ['settings', 'Personnaliser'],
    ]);
    expect(describeBanner(banners[0] as never, doc)).toMatchObject({
      type: 'consent-banner',
      controls: 'reject:Tout refuser|accept:Tout accepter|settings:Personnaliser',
      lang: 'fr',
      selector: 'div#bandeau',
    });
  });

  it('finds an open dialog and a role=dialog box without any fixed position (German, Dutch)', () => {
    const de = page('<dialog open><p>Wir verwenden Cookies (Datenschutz).</p><button>Alle akzeptieren</button><button>Alle ablehnen</button></dialog>', 'de');
    expect(findBanners(de, layout, still).banners.map((b) => b.kind)).toEqual(['consent-banner']);
    const nl = page('<div role="dialog"><p>Wij gebruiken cookies.</p><button>Alles accepteren</button><button>Alles weigeren</button></div>', 'nl');
    expect(findBanners(nl, layout, still).banners.map((b) => b.kind)).toEqual(['consent-banner']);
  });

  it('takes the outer overlay when the buttons sit in a sticky footer of their own (Italian)', () => {
    const doc = page(
      `<div class="cmp" ${FIXED}><p>Questo sito utilizza cookie. Informativa sulla riservatezza.</p>
       <div style="position: sticky"><button>Rifiuta tutto</button><button>Accetta tutto</button></div></div>`,
      'it',
    );
    const { banners } = findBanners(doc, layout, still);
    expect(banners.map((b) => [b.kind, b.selector])).toEqual([['consent-banner', 'div.cmp']]);
  });

  it('reads inputs by value and icon buttons by their aria-label', () => {
    const doc = page(`<div ${FIXED}>We use cookies. <input type="button" value="Reject all"><button aria-label="Accept all"></button></div>`);
    expect(findBanners(doc, layout, still).banners[0]?.controls.map((c) => c.role)).toEqual(['reject', 'accept']);
  });

  it('ignores hidden banners, and buttons outside any overlay (a cookie policy page with inline buttons)', () => {
    const hidden = page(`<div ${FIXED} hidden>We use cookies. <button>Accept all</button><button>Reject all</button></div>`);
    expect(findBanners(hidden, layout, still).banners).toEqual([]);
    const inline = page('<main><p>Our cookie policy.</p><button>Accept all</button><button>Reject all</button></main>');
    expect(findBanners(inline, layout, still).banners).toEqual([]);
  });

  it('in a small subframe, the whole document is the banner (consent managers draw theirs in a frame of its own)', () => {
    const { document, window } = parseHTML('<html><body><p>We use cookies.</p><button>Accept all</button><button>Reject all</button></body></html>');
    Object.defineProperty(window, 'top', { value: {} });
    expect(findBanners(document as unknown as Document, layout, still).banners.map((b) => [b.kind, b.element.tagName])).toEqual([['consent-banner', 'BODY']]);
  });

  it.each([
    [
      'a newsletter modal',
      '<div role="dialog" aria-modal="true"><p>Join our newsletter. We respect your privacy.</p><button>Subscribe</button><button>No thanks</button></div>',
    ],
    [
      'an age gate',
      '<dialog open><p>Age verification: are you over 18? We keep your answer in a cookie.</p><button>I agree</button><button>I decline</button></dialog>',
    ],
    ['a cookie recipe promotion', `<div ${FIXED}>Fresh cookies! Your consent to happiness. <button>Accept offer</button><button>Later</button></div>`],
    [
      'a chat widget',
      `<div ${FIXED}>Questions? By chatting you accept our privacy policy and cookies. <button>Start chat</button><button>Close</button></div>`,
    ],
    ['a sticky header', '<header style="position: sticky">Cookies &amp; Co <a href="/r">Recipes</a> <button>Log in</button></header>'],
  ])('%s is no banner', (_name, html) => {
    expect(findBanners(page(html), layout, still).banners).toEqual([]);
  });

  it('an "OK"-only notice is a notice, not a consent banner', () => {
    const { banners } = findBanners(page(`<div ${FIXED}>This website uses cookies. <button>OK</button></div>`), layout, still);
    expect(banners.map((b) => b.kind)).toEqual(['notice']);
  });

  it('lists consent banners before notices', () => {
    const doc = page(
      `<div id="n" ${FIXED}>We use cookies. <button>OK</button></div><div id="b" ${FIXED}>We use cookies. <button>Accept</button><button>Decline</button></div>`,
    );
    expect(findBanners(doc, layout, still).banners.map((b) => b.selector)).toEqual(['div#b', 'div#n']);
  });

  it('cuts the excerpt and is bounded: a page of thousands of links stops at the cap and says it is incomplete', () => {
    const long = page(`<div ${FIXED}>${'We use cookies. '.repeat(100)}<button>Accept all</button><button>Reject all</button></div>`);
    expect(findBanners(long, layout, still).banners[0]?.text.length).toBe(300);
    const links = page(`${'<a href="/x">Item</a>'.repeat(CONTROLS_MAX + 10)}<div ${FIXED}>We use cookies. <button>Reject all</button></div>`);
    expect(findBanners(links, layout, still)).toEqual({ banners: [], complete: false });
  });

  it('a hostile page of many banner-like overlays stops at the container cap and says it is incomplete', () => {
    const many = page(
      Array.from({ length: 60 }, (_, i) => `<div id="b${i}" ${FIXED}>We use cookies. <button>Accept all</button><button>Reject all</button></div>`).join(''),
    );
    const result = findBanners(many, layout, still);
    expect(result.complete).toBe(false);
    expect(result.banners).toHaveLength(40);
  });

  it('stops at its time budget and says the scan is incomplete', () => {
    let clock = 0;
    const doc = page(`<div ${FIXED}>We use cookies. <button>Accept all</button><button>Reject all</button></div>`);
    const result = findBanners(doc, layout, { budgetMs: 5, now: () => (clock += 10) });
    expect(result.complete).toBe(false);
  });
});

describe('clickBannerControl', () => {
  const banner = `<div id="b" ${FIXED}>Utilizamos cookies. <button id="si">Aceptar todo</button><button id="no">Rechazar todo</button></div>`;

  it.each([
    ['reject', 'no', 'Rechazar todo'],
    ['accept', 'si', 'Aceptar todo'],
  ] as const)('%s clicks the %s control, and says when', (choice, id, label) => {
    const doc = page(banner, 'es');
    const clicked: string[] = [];
    let now = 1000;
    for (const b of doc.querySelectorAll('button')) b.addEventListener('click', () => clicked.push(`${b.id}@${now}`));
    expect(clickBannerControl(doc, layout, choice, () => now++)).toEqual({ ok: true, label, selector: 'div#b', at: 1000 });
    expect(clicked).toEqual([`${id}@1001`]);
  });

  it('says so when the banner has no control for the choice, or there is no banner', () => {
    const settingsOnly = page(`<div ${FIXED}>We use cookies. <button>Accept all</button><button>Settings</button></div>`);
    expect(clickBannerControl(settingsOnly, layout, 'reject')).toEqual({ ok: false, reason: 'no-control' });
    expect(clickBannerControl(page('<p>Nothing here</p>'), layout, 'accept')).toEqual({ ok: false, reason: 'no-banner' });
    // A notice is not a banner to answer.
    expect(clickBannerControl(page(`<div ${FIXED}>We use cookies. <button>OK</button></div>`), layout, 'accept')).toEqual({ ok: false, reason: 'no-banner' });
  });
});

describe('selectorOf', () => {
  it('is short: up to four levels, stopping at an id, two classes a level, odd names left out', () => {
    const doc = page('<div id="root"><section class="a b c"><div class="x:y ok"><p class="deep">t</p></div></section></div>');
    expect(selectorOf(doc.querySelector('p.deep') as Element)).toBe('div#root > section.a.b > div.ok > p.deep');
  });
});

import { parseHTML } from 'linkedom';
import { type ComponentChild, h, render } from 'preact';
import { I18nContext } from '@/lib/ui/i18n';
import { createTranslator, type Lang } from '@/lib/i18n/translate';

/** Renders a component into a fresh linkedom document (no browser), inside the i18n context. */
export function mount(child: ComponentChild, lang: Lang = 'en') {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document, window, HTMLElement: window.HTMLElement, Event: window.Event });
  const root = document.getElementById('app') as unknown as HTMLElement;
  render(h(I18nContext.Provider, { value: { lang, t: createTranslator(lang), setting: 'auto' } }, child), root);
  return { root, document: document as unknown as Document };
}

export function text(root: ParentNode, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());
}

import type { VisitorStep } from './visitor';

/**
 * Where a visitor may click without doing anything: the middle of a paragraph, heading or list item that is not a
 * link, button, field, label, media or frame, not inside one or inside a form, a dialog or a fixed/sticky layer
 * (banners, chat widgets), carries no inline handler, framework click binding, role, tabindex or pointer cursor, and
 * is what the browser hits at that point. Handlers added with `addEventListener` cannot be seen from here; text
 * blocks are the least likely to have one. Viewport coordinates of the top frame, or undefined when nothing qualifies.
 */
export function findNeutralPoint(doc: Document): { x: number; y: number } | undefined {
  const win = doc.defaultView;
  if (!win) return undefined;
  let looked = 0;
  for (const el of doc.querySelectorAll(CANDIDATES)) {
    if (++looked > 400) break;
    if (!isNeutral(el, win)) continue;
    const rect = [...el.getClientRects()].find(
      (r) => r.width >= 8 && r.height >= 8 && r.top >= 0 && r.left >= 0 && r.bottom <= win.innerHeight && r.right <= win.innerWidth,
    );
    if (!rect) continue;
    const x = Math.round(rect.left + Math.min(rect.width / 2, 40));
    const y = Math.round(rect.top + rect.height / 2);
    const hit = doc.elementFromPoint(x, y);
    if (hit && (hit === el || el.contains(hit)) && isNeutral(hit, win)) return { x, y };
  }
  return undefined;
}

/**
 * The visitor's steps done from the content script, where no automation protocol is at hand: a real scroll (its
 * `scroll` events are the browser's own), and pointer events the script dispatches (`isTrusted` false) for the
 * move, the click on neutral content and the pointer leaving the page.
 */
export function actSynthetically(doc: Document, step: VisitorStep): boolean {
  const win = doc.defaultView;
  if (!win) return false;
  const mouse = (type: string, target: Element, x: number, y: number, related: Element | null = null) => {
    const Ctor = type.startsWith('pointer') ? win.PointerEvent : win.MouseEvent;
    const init = { bubbles: !/(enter|leave)$/.test(type), cancelable: true, composed: true, clientX: x, clientY: y, view: win, relatedTarget: related };
    target.dispatchEvent(new Ctor(type, type.startsWith('pointer') ? { ...init, pointerId: 1, pointerType: 'mouse', isPrimary: true } : init));
  };
  switch (step) {
    case 'scroll':
      win.scrollBy({ top: Math.round(win.innerHeight * 0.6), behavior: 'instant' });
      return true;
    case 'move': {
      const point = findNeutralPoint(doc) ?? { x: Math.round(win.innerWidth / 2), y: Math.round(win.innerHeight / 2) };
      for (let i = 1; i <= 5; i++) {
        const x = Math.round((point.x * i) / 5);
        const y = Math.round((point.y * i) / 5);
        const target = doc.elementFromPoint(x, y) ?? doc.documentElement;
        mouse('pointermove', target, x, y);
        mouse('mousemove', target, x, y);
      }
      return true;
    }
    case 'click': {
      const point = findNeutralPoint(doc);
      const target = point && doc.elementFromPoint(point.x, point.y);
      if (!point || !target) return false;
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) mouse(type, target, point.x, point.y);
      return true;
    }
    case 'leave': {
      // Up to the top edge, then out through it, as a pointer heading for the tab bar.
      const x = Math.round(win.innerWidth / 2);
      let target: Element = doc.documentElement;
      for (const y of [Math.round(win.innerHeight / 3), 1]) {
        target = doc.elementFromPoint(x, y) ?? doc.documentElement;
        mouse('pointermove', target, x, y);
        mouse('mousemove', target, x, y);
      }
      mouse('pointerout', target, x, -1);
      mouse('mouseout', target, x, -1);
      mouse('pointerleave', doc.documentElement, x, -1);
      mouse('mouseleave', doc.documentElement, x, -1);
      return true;
    }
  }
}

const CANDIDATES = 'main p, article p, p, h1, h2, h3, h4, h5, h6, li, td, th, blockquote, figcaption, dd, dt';
const INTERACTIVE = new Set([
  'a',
  'button',
  'input',
  'select',
  'textarea',
  'label',
  'summary',
  'details',
  'option',
  'form',
  'dialog',
  'video',
  'audio',
  'iframe',
  'object',
  'embed',
  'canvas',
  'area',
  'map',
]);
const BINDING =
  /^(on|@|v-on:|x-on:|ng-|\(|hx-|data-(action|toggle|bs-toggle|href|url|link|target|dismiss)|jsaction|href$|tabindex$|role$|contenteditable$|draggable$)/;
const CMP_WORDS = /cookie|consent|cmp|gdpr|didomi|onetrust|cookiebot|usercentrics|banner|modal|popup|overlay|dialog|chat/i;

function isNeutral(el: Element, win: Window): boolean {
  for (let node: Element | null = el; node && node !== node.ownerDocument.documentElement; node = node.parentElement) {
    const tag = node.tagName.toLowerCase();
    if (INTERACTIVE.has(tag) || tag.includes('-')) return false;
    if (node.getAttributeNames().some((name) => BINDING.test(name))) return false;
    if (node !== node.ownerDocument.body && CMP_WORDS.test(`${node.id} ${node.getAttribute('class') ?? ''}`)) return false;
    const style = win.getComputedStyle(node);
    if (style.position === 'fixed' || style.position === 'sticky') return false;
    if (!['auto', 'default', 'text'].includes(style.cursor)) return false;
  }
  return true;
}

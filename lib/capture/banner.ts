import { bannerKind, type ControlRole, classifyControlLabel, consentTopics, isExcludedDialog, LABEL_MAX, mightBeControlLabel } from './banner-words';

/**
 * Finds consent banners in a frame's DOM by what they say and what their buttons say, whoever made them: the
 * detection that does not depend on a list of consent managers. Runs in the isolated world and only reads the DOM
 * (the page cannot wrap what this world sees), except `clickBannerControl`, which an audit the user started calls.
 *
 * Bounded: at most `CONTROLS_MAX` controls and `budgetMs` per scan, at most `CONTAINERS_MAX` containers, texts cut.
 */

export interface BannerControl {
  role: ControlRole;
  label: string;
  element: HTMLElement;
}

export interface Banner {
  kind: 'consent-banner' | 'notice';
  element: HTMLElement;
  /** A short CSS path to the banner (tag, id, two classes per level), for the evidence. */
  selector: string;
  /** The banner's text, whitespace collapsed, cut at {@link TEXT_EXCERPT} characters. */
  text: string;
  topics: string[];
  controls: BannerControl[];
}

/** What the detector needs from layout; the browser's by default, a stub in unit tests (no layout there). */
export interface Layout {
  isVisible(element: Element): boolean;
  /** The computed CSS `position`. */
  position(element: Element): string;
}

export const CONTROLS_MAX = 20_000;
const CONTAINERS_MAX = 40;
const ANCESTORS_MAX = 20;
const OVERLAYS_PER_CONTROL = 3;
/** An overlay whose text is longer is a page shell, not a banner. */
const CONTAINER_TEXT_MAX = 20_000;
export const TEXT_EXCERPT = 300;
const CONTROL_SELECTOR = 'button, [role="button"], a, input[type="button"], input[type="submit"]';

export function browserLayout(win: Window): Layout {
  return {
    isVisible(element) {
      const el = element as HTMLElement & { checkVisibility?: (options: object) => boolean };
      if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    },
    position: (element) => win.getComputedStyle(element).position,
  };
}

/**
 * The consent banners and cookie notices visible in `doc` (and in the open shadow roots of its body's children),
 * consent banners first. `complete` is false when the scan stopped at a bound: its banners may then miss controls
 * (a banner read as a notice for want of its refuse button), so a caller does not report them. A banner is the nearest overlay (an open dialog, `role=dialog`, `aria-modal`, or a fixed or
 * sticky box) around visible consent controls whose text talks about cookies, consent or privacy. In a subframe, a
 * small document without an overlay counts as one (consent managers often draw their banner in a frame of its own).
 */
export function findBanners(doc: Document, layout: Layout, { budgetMs = 50, now = () => Date.now() } = {}): { banners: Banner[]; complete: boolean } {
  const started = now();
  const inFrame = isSubframe(doc);
  const texts = new Map<Element, string>();
  const textOf = (el: Element) => {
    let text = texts.get(el);
    if (text === undefined) {
      text = collapse(el.textContent ?? '');
      texts.set(el, text);
    }
    return text;
  };
  const groups = new Map<HTMLElement, BannerControl[]>();
  let seen = 0;
  let complete = true;
  scan: for (const root of [doc, ...openShadowRoots(doc)]) {
    for (const element of root.querySelectorAll<HTMLElement>(CONTROL_SELECTOR)) {
      if (++seen > CONTROLS_MAX || now() - started > budgetMs) {
        complete = false;
        break scan;
      }
      // Raw text first, tested cheaply: most links and buttons of a page end here.
      const raw = rawLabelOf(element);
      if (!raw || !mightBeControlLabel(raw)) continue;
      const label = collapse(raw).slice(0, LABEL_MAX * 2);
      const role = classifyControlLabel(label);
      if (!role || !layout.isVisible(element)) continue;
      const container = containerOf(element, layout, inFrame, textOf);
      if (!container) continue;
      const controls = groups.get(container) ?? [];
      if (!groups.has(container)) {
        if (groups.size >= CONTAINERS_MAX) {
          complete = false;
          break scan;
        }
        groups.set(container, controls);
      }
      controls.push({ role, label, element });
    }
  }
  const banners: Banner[] = [];
  for (const [element, controls] of groups) {
    const text = textOf(element);
    if (text.length > CONTAINER_TEXT_MAX || isExcludedDialog(text.slice(0, 4000))) continue;
    const topics = consentTopics(text.slice(0, 4000));
    const kind = bannerKind(
      topics,
      controls.map((c) => c.role),
    );
    if (kind) banners.push({ kind, element, selector: selectorOf(element), text: text.slice(0, TEXT_EXCERPT), topics, controls });
  }
  banners.sort((a, b) => Number(b.kind === 'consent-banner') - Number(a.kind === 'consent-banner'));
  return { banners, complete };
}

/**
 * Clicks the banner's control for `choice` (a refuse control to reject, an accept control to accept), in the first
 * consent banner that has one, and when (epoch ms). Only an audit the user started calls this.
 */
export function clickBannerControl(
  doc: Document,
  layout: Layout,
  choice: 'reject' | 'accept',
  now: () => number = Date.now,
): { ok: true; label: string; selector: string; at: number } | { ok: false; reason: 'no-banner' | 'no-control' } {
  const banners = findBanners(doc, layout, { budgetMs: 500 }).banners.filter((b) => b.kind === 'consent-banner');
  if (!banners.length) return { ok: false, reason: 'no-banner' };
  for (const banner of banners) {
    const control = banner.controls.find((c) => c.role === choice);
    if (!control) continue;
    // The moment of the click is the visitor's answer (the consent manager acts on it at once), not the audit's command.
    const at = now();
    control.element.click();
    return { ok: true, label: control.label, selector: banner.selector, at };
  }
  return { ok: false, reason: 'no-control' };
}

/** The evidence of a banner, as the string map a consent signal record carries. */
export function describeBanner(banner: Banner, doc: Document): Record<string, string> {
  return {
    type: banner.kind,
    text: banner.text,
    topics: banner.topics.join(','),
    controls: banner.controls
      .slice(0, 8)
      .map((c) => `${c.role}:${c.label}`)
      .join('|')
      .slice(0, 600),
    selector: banner.selector,
    lang: (doc.documentElement?.getAttribute('lang') ?? '').slice(0, 20),
    frame: isSubframe(doc) ? 'sub' : 'top',
  };
}

/** A short CSS path: up to four levels, stopping at an id. */
export function selectorOf(element: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = element; el && parts.length < 4 && el.tagName !== 'BODY' && el.tagName !== 'HTML'; el = el.parentElement) {
    const tag = el.tagName.toLowerCase();
    if (el.id && /^[A-Za-z][\w-]{0,60}$/.test(el.id)) {
      parts.unshift(`${tag}#${el.id}`);
      break;
    }
    const classes = [...el.classList].filter((c) => /^[A-Za-z_-][\w-]{0,40}$/.test(c)).slice(0, 2);
    parts.unshift(tag + classes.map((c) => `.${c}`).join(''));
  }
  return parts.join(' > ').slice(0, 200);
}

/** The label of a control as written: its text, else its `value` (inputs), else its `aria-label`. */
function rawLabelOf(element: HTMLElement): string {
  const text = element.textContent ?? '';
  if (text.trim()) return text;
  const value = element.tagName === 'INPUT' ? (element as HTMLInputElement).value : '';
  return value || element.getAttribute('aria-label') || '';
}

/**
 * The banner a control belongs to: of its nearest overlay ancestors (at most three), the first whose text talks about
 * consent; the nearest when none does (it is then rejected for its text). Undefined outside any overlay.
 */
function containerOf(element: HTMLElement, layout: Layout, inFrame: boolean, textOf: (el: Element) => string): HTMLElement | undefined {
  const overlays: HTMLElement[] = [];
  let el: HTMLElement | null = element;
  for (let depth = 0; el && depth < ANCESTORS_MAX && overlays.length < OVERLAYS_PER_CONTROL; depth++) {
    if (el.tagName === 'BODY' || el.tagName === 'HTML') break;
    if (isOverlay(el, layout)) overlays.push(el);
    el = parentOf(el);
  }
  if (!overlays.length && inFrame) {
    const body = element.ownerDocument.body;
    if (body && textOf(body).length <= 4000) overlays.push(body);
  }
  return overlays.find((o) => consentTopics(textOf(o).slice(0, 4000)).length > 0) ?? overlays[0];
}

function isOverlay(el: HTMLElement, layout: Layout): boolean {
  if (el.tagName === 'DIALOG' && el.hasAttribute('open')) return true;
  const role = el.getAttribute('role');
  if (role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true') return true;
  const position = layout.position(el);
  return position === 'fixed' || position === 'sticky';
}

/** The parent element, crossing a shadow root to its host. */
function parentOf(el: HTMLElement): HTMLElement | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode?.();
  return root && 'host' in root ? (root.host as HTMLElement) : null;
}

/** Open shadow roots of the body's direct children: where consent managers that use shadow DOM attach their banner. */
function openShadowRoots(doc: Document): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  for (const child of Array.from(doc.body?.children ?? []).slice(0, 200)) {
    if (child.shadowRoot) roots.push(child.shadowRoot);
  }
  return roots;
}

function isSubframe(doc: Document): boolean {
  const win = doc.defaultView;
  try {
    return !!win && !!win.top && win !== win.top;
  } catch {
    return true;
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

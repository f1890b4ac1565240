import { RECORDER_CONFIG_LIMITS } from './probe-protocol';

/** The kept option paths of an options object, as plain bounded values; undefined when it is not an object. */
export function pick(options: unknown, keep: readonly string[]): Record<string, unknown> | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const path of keep) {
    try {
      count = keepPath(options, path, out, count);
    } catch {
      // A page getter that throws: that option stays unread, the others are kept.
    }
  }
  return out;
}

function keepPath(options: object, path: string, out: Record<string, unknown>, count: number): number {
  const wildcard = path.endsWith('.*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('.');
  let node: unknown = options;
  for (const part of parts) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  const entries: [string, unknown][] =
    wildcard && typeof node === 'object' && node !== null && !Array.isArray(node)
      ? Object.keys(node)
          .slice(0, RECORDER_CONFIG_LIMITS.list)
          .map((k) => [`${parts.join('.')}.${k}`, (node as Record<string, unknown>)[k]])
      : wildcard
        ? []
        : [[path, node]];
  let kept = count;
  for (const [key, raw] of entries) {
    const value = plain(raw);
    if (value === undefined || kept >= RECORDER_CONFIG_LIMITS.options) continue;
    out[key] = value;
    kept++;
  }
  return kept;
}

export function pickValue(name: string, value: unknown): Record<string, unknown> | undefined {
  const v = plain(value);
  return v === undefined ? undefined : { [name]: v };
}

/** A value as the record keeps it: callbacks become `[function]`, regular expressions their source. */
function plain(value: unknown): unknown {
  const { text, list } = RECORDER_CONFIG_LIMITS;
  if (typeof value === 'string') return value.slice(0, text);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'function') return '[function]';
  if (value instanceof RegExp) return String(value).slice(0, text);
  if (Array.isArray(value))
    return value
      .slice(0, list)
      .flatMap((item) => (typeof item === 'string' ? [item.slice(0, text)] : item instanceof RegExp ? [String(item).slice(0, text)] : []));
  return undefined;
}

/**
 * The CSS selectors a recorder configuration names (mask, unmask, block selectors; class names become `.class`), so
 * the field scan can say which fields they cover. Which of them masks or unmasks is the replay reader's business.
 */
export function configSelectors(options: unknown): string[] {
  if (typeof options !== 'object' || options === null) return [];
  const out: string[] = [];
  for (const [path, value] of Object.entries(options)) {
    const name = path.slice(path.lastIndexOf('.') + 1);
    const isClass = /Class$|_class$/.test(name);
    if (!isClass && !/[Ss]elector|^(?:mask|unmask|block|unblock|ignore)$|Selectors$/.test(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      // Field markers are kept up to 200 characters: a longer selector could never be found among them.
      if (typeof item !== 'string' || !item.trim() || item.startsWith('/') || item.length > 200) continue;
      out.push(isClass ? `.${item.trim()}` : item.trim());
    }
  }
  return out.slice(0, RECORDER_CONFIG_LIMITS.list);
}

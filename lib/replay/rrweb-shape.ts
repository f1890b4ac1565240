/**
 * rrweb event structures (rrweb 2.x `EventType` / `IncrementalSource`), found anywhere inside a decoded
 * JSON value: a bare event array (Sentry, New Relic), events wrapped in analytics events (PostHog
 * `$snapshot_data`), or a single event. Events are recognised by shape, not by vendor.
 */

export interface RrwebInput {
  /** rrweb node id of the field. */
  id: number;
  text: string;
  isChecked?: boolean;
  /** `input`: an Input incremental event; `snapshot`: a `value` attribute in a full snapshot. */
  from: 'input' | 'snapshot';
}

export function hasRrwebShape(value: unknown): boolean {
  let found = false;
  walk(value, () => {
    found = true;
    return true;
  });
  return found;
}

/** Typed values carried by rrweb events: what a masked recorder replaces with `*` and a leaky one does not. */
export function collectRrwebInputs(value: unknown): RrwebInput[] {
  const inputs: RrwebInput[] = [];
  walk(value, (node) => {
    if (isInputData(node)) {
      inputs.push({ id: node.id, text: node.text, isChecked: node.isChecked, from: 'input' });
    } else if (isRecord(node) && node.type === EventType.FullSnapshot && isRecord(node.data)) {
      collectSnapshotValues(node.data.node, inputs);
    } else if (isRecord(node) && isSerializedDocument(node)) {
      collectSnapshotValues(node, inputs);
    } else if (isRecord(node) && node.type === EventType.Incremental && isInputData(node.data)) {
      inputs.push({ id: node.data.id, text: node.data.text, isChecked: node.data.isChecked, from: 'input' });
    }
    return false;
  });
  return inputs;
}

const EventType = { DomContentLoaded: 0, Load: 1, FullSnapshot: 2, Incremental: 3, Meta: 4, Custom: 5, Plugin: 6 } as const;
const INPUT_SOURCE = 5;
const MAX_SOURCE = 20;
const NODE_BUDGET = 50_000;
const DEPTH_LIMIT = 12;

/** Calls `onMatch` for each rrweb event or bare rrweb structure; stops when it returns true. */
function walk(root: unknown, onMatch: (node: unknown) => boolean): void {
  const stack: [unknown, number][] = [[root, 0]];
  let budget = NODE_BUDGET;
  while (stack.length > 0 && budget-- > 0) {
    const entry = stack.pop();
    if (!entry) break;
    const [node, depth] = entry;
    if (typeof node !== 'object' || node === null) continue;
    if (isRrwebEvent(node) || isSerializedDocument(node) || isInputData(node)) {
      if (onMatch(node)) return;
      continue;
    }
    if (depth >= DEPTH_LIMIT) continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child: unknown = children[i];
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}

function isRrwebEvent(node: object): boolean {
  if (!isRecord(node) || typeof node.timestamp !== 'number' || !isRecord(node.data)) return false;
  const data = node.data;
  switch (node.type) {
    case EventType.FullSnapshot:
      return isRecord(data.node) && isSerializedDocument(data.node);
    case EventType.Incremental:
      return typeof data.source === 'number' && Number.isInteger(data.source) && data.source >= 0 && data.source <= MAX_SOURCE;
    case EventType.Meta:
      return typeof data.href === 'string' && typeof data.width === 'number' && typeof data.height === 'number';
    case EventType.Custom:
      return typeof data.tag === 'string' && 'payload' in data;
    case EventType.Plugin:
      return typeof data.plugin === 'string' && 'payload' in data;
    default:
      return false;
  }
}

function isSerializedDocument(node: object): boolean {
  return isRecord(node) && node.type === 0 && typeof node.id === 'number' && Array.isArray(node.childNodes);
}

function isInputData(node: unknown): node is { id: number; text: string; isChecked?: boolean } {
  return (
    isRecord(node) &&
    node.source === INPUT_SOURCE &&
    typeof node.id === 'number' &&
    typeof node.text === 'string' &&
    (node.isChecked === undefined || typeof node.isChecked === 'boolean')
  );
}

function collectSnapshotValues(root: unknown, inputs: RrwebInput[]): void {
  const stack: unknown[] = [root];
  let budget = NODE_BUDGET;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop();
    if (!isRecord(node)) continue;
    const attributes = node.attributes;
    if (
      typeof node.id === 'number' &&
      typeof node.tagName === 'string' &&
      FIELD_TAGS.has(node.tagName.toLowerCase()) &&
      isRecord(attributes) &&
      typeof attributes.value === 'string'
    ) {
      inputs.push({ id: node.id, text: attributes.value, from: 'snapshot' });
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FIELD_TAGS = new Set(['input', 'textarea', 'select']);

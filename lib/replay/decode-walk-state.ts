import { DEFAULT_DECODE_OPTIONS, type DecodedLayer, type DecodeOptions, type DecodeStep } from './decoded-layer';
import { createFruitless, type Fruitless } from './fruitless';
import type { InflateFormat, InflateResult } from './inflate';
import { decodeUtf8 } from './text-codecs';

/** One decompression the walk needs; whoever drives the walk performs it and passes the result back. */
export interface InflateRequest {
  bytes: Uint8Array;
  format: InflateFormat;
  /** Most output bytes to keep. */
  limit: number;
  /** A guess (raw deflate has no header): its output is kept only when it is compressed or text. */
  probe: boolean;
}

/**
 * The decoding of one payload, as a generator that yields each decompression it needs: the same walk serves the
 * synchronous path (fflate) and the asynchronous one (the browser's DecompressionStream). Layers come out in the
 * order a depth-first walk meets them, whichever path inflates.
 */
export type Walker = Generator<InflateRequest, void, InflateResult>;

export interface Walk {
  layers: DecodedLayer[];
  budget: number;
  maxDepth: number;
  maxLayerBytes: number;
  spent: boolean;
  fruitless: Fruitless;
}

export function startWalk(options: DecodeOptions | undefined): Walk {
  const o = { ...DEFAULT_DECODE_OPTIONS, ...options };
  return { layers: [], budget: o.maxTotalBytes, maxDepth: o.maxDepth, maxLayerBytes: o.maxLayerBytes, spent: false, fruitless: createFruitless() };
}

export function charge(walk: Walk, chain: DecodeStep[], size: number): boolean {
  if (walk.spent) return false;
  if (size > walk.budget) {
    walk.spent = true;
    mark(walk, chain, { capped: 'total' });
    return false;
  }
  walk.budget -= size;
  return true;
}

export function emit(walk: Walk, chain: DecodeStep[], text: string): void {
  walk.layers.push({ chain, text });
}

export function emitBytes(walk: Walk, chain: DecodeStep[], bytes: Uint8Array): void {
  let text: string | undefined;
  walk.layers.push({
    chain,
    bytes,
    get text() {
      text ??= decodeUtf8(bytes);
      return text;
    },
  });
}

export function mark(walk: Walk, chain: DecodeStep[], marker: Pick<DecodedLayer, 'capped' | 'error'>): void {
  walk.layers.push({ chain, text: '', ...marker });
}

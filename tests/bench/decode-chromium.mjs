// Runs decode-measure.mjs in a dedicated worker of real Chromium (for decode.bench.mjs): the bundles and the corpus are
// served from 127.0.0.1, and the worker measures the same three paths as the Node run.
import http from 'node:http';
import { CHROMIUM_QUIET_FLAGS, findBrowser } from '../../lib/cli/browsers.mjs';

const WORKER = `
import { measure } from './decode-measure.mjs';
import * as current from './replay.mjs';
const index = await (await fetch('./index.json')).json();
const previous = index.previous ? await import('./replay-previous.mjs') : undefined;
const blob = new Uint8Array(await (await fetch('./corpus.bin')).arrayBuffer());
let at = 0;
const payloads = index.payloads.map((p) => {
  const bytes = blob.slice(at, at + p.length);
  at += p.length;
  return { ...p, bytes };
});
const matchers = await current.buildMatchers(index.canaries);
const previousMatchers = previous && (await previous.buildMatchers(index.canaries));
const paths = [
  { name: 'DecompressionStream', decode: (bytes) => current.decodePayloadAsync(bytes), find: (layers) => current.findCanaries(layers, matchers) },
  { name: 'fflate only', decode: (bytes) => current.decodePayload(bytes), find: (layers) => current.findCanaries(layers, matchers) },
  ...(previous ? [{ name: 'previous decoder', decode: (bytes) => previous.decodePayload(bytes), find: (layers) => previous.findCanaries(layers, previousMatchers) }] : []),
];
postMessage(await measure(paths, payloads, index.rounds));
`;

/** `files`: path → contents of the modules the worker imports. Resolves to `{ version, results }`. */
export async function runInChromium(files, corpus, canaries, rounds) {
  const blob = Buffer.concat(corpus.map(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  const index = {
    rounds,
    previous: '/replay-previous.mjs' in files,
    canaries,
    payloads: corpus.map(({ kind, bytes, leaked }) => ({ kind, length: bytes.length, leaked })),
  };
  const served = {
    ...files,
    '/worker.mjs': WORKER,
    '/index.json': JSON.stringify(index),
    '/corpus.bin': blob,
    '/': '<!doctype html><title>decode bench</title>',
  };
  const server = http.createServer((request, response) => {
    const body = served[request.url ?? ''];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = request.url.endsWith('.mjs')
      ? 'text/javascript'
      : request.url.endsWith('.json')
        ? 'application/json'
        : request.url === '/'
          ? 'text/html'
          : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: findBrowser('chromium'), args: CHROMIUM_QUIET_FLAGS });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/worker.mjs', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        }),
    );
    return { version: browser.version(), results };
  } finally {
    await browser.close();
    server.close();
  }
}

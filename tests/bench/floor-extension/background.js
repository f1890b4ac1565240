// The benchmark floor (tests/bench/page-load.bench.mjs): the listeners everyday capture registers, with empty handlers,
// so the browser pays for delivering each event to a worker and nothing else.
const api = globalThis.browser ?? globalThis.chrome;
const filter = { urls: ['<all_urls>'] };
const nothing = () => {};
api.webRequest.onBeforeRequest.addListener(nothing, filter);
api.webRequest.onBeforeRedirect.addListener(nothing, filter);
api.webRequest.onErrorOccurred.addListener(nothing, filter);
api.cookies.onChanged.addListener(nothing);

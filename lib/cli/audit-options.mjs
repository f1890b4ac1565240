// The single-URL audit's options: its usage text, the parsing and checking of its arguments, and the pages no
// extension may inspect.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readHostMapOption } from './host-map.mjs';
import { CLI_LANGS, systemLang } from './lang.mjs';
import { UsageError } from './page-options.mjs';
import { PROXY_PATTERN } from './proxy.mjs';

const SCENARIOS = ['observe', 'canary', 'reject', 'accept'];
export const FORMATS = { '.json': 'json', '.html': 'html', '.htm': 'html', '.csv': 'csv', '.md': 'md', '.har': 'har' };
export const USAGE = `Usage: npm run audit -- <url> [options]
       npm run audit -- --demo [options]
       npm run audit -- --urls FILE --out-dir DIR [options]   (a list of URLs: see --urls FILE --help)
       npm run audit -- <url> --crawl N [--out-dir DIR] [options]
                                                              (the start page and N more of its site: see --crawl 0 --help)
       npm run audit -- merge DIR... --out summary.html        (see merge --help)

Options:
  --browser chromium|firefox   browser to use (default chromium)
  --browser-path PATH          browser executable (default: the Debian/Ubuntu package's)
  --out FILE                   write the report: .json, .html, .md, .har (the requests as HTTP Archive 1.2), or
                               .csv (cookies, requests, findings and the consent timeline: FILE-cookies.csv,
                               FILE-requests.csv, FILE-findings.csv, FILE-consent.csv)
  --wait SECONDS               how long to observe after the load event (default 5)
  --scenario observe|canary|reject|accept
                               observe (default): wait, then scroll, move the pointer, click neutral content, move
                               the pointer out and hide the page, as a visitor (never a link, button or field);
                               canary: type unique test values into every field as keystrokes, observe --wait
                               seconds, act as a visitor, and report where they went (never submits);
                               reject / accept: clear the site's data, reload, let autoconsent refuse / accept on the
                               consent banner, confirm from the CMP's stored state, observe --wait seconds, reload once.
                               The report is the choice page's; with --out, the reloaded page's report is written
                               beside it as FILE-next.<ext>
  --browser-arg ARG            extra Chromium argument, repeatable (e.g. --host-resolver-rules=...)
  --proxy HOST:PORT            send the browser's http and https traffic through this proxy
  --host-map HOST=IP:PORT,...  connect to these names at these addresses (a staging server under its production
                               names); IPv6 as [::1]:8443; without :PORT the URL's port is kept
  --include-values             keep cookie values, storage values, payloads and identifying header values in the
                               report (redacted by default)
  --lang en|fr                 language of the report's texts (default: the system locale, LC_ALL / LANG)
  --include-screenshots        keep the images of the reject / accept audit's screenshots in the report (left out by
                               default; their times and reasons are always there)
  --demo                       serve the bundled demo shop on 127.0.0.1 and audit it
  -h, --help                   this help`;

export function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        browser: { type: 'string', default: 'chromium' },
        'browser-path': { type: 'string' },
        out: { type: 'string' },
        wait: { type: 'string', default: '5' },
        scenario: { type: 'string', default: 'observe' },
        'browser-arg': { type: 'string', multiple: true, default: [] },
        'include-values': { type: 'boolean', default: false },
        lang: { type: 'string' },
        'include-screenshots': { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        proxy: { type: 'string' },
        'host-map': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (!['chromium', 'firefox'].includes(values.browser)) throw new UsageError(`--browser must be chromium or firefox, not ${values.browser}.`);
  if (!SCENARIOS.includes(values.scenario)) throw new UsageError(`--scenario must be one of: ${SCENARIOS.join(', ')}.`);
  const wait = Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0 || wait > 600) throw new UsageError('--wait takes a number of seconds from 0 to 600.');
  if (values.out && !FORMATS[path.extname(values.out).toLowerCase()]) throw new UsageError('--out must end in .json, .html, .md, .har or .csv.');
  const lang = values.lang ?? systemLang(process.env);
  if (!CLI_LANGS.includes(lang)) throw new UsageError(`--lang must be one of: ${CLI_LANGS.join(', ')}.`);
  if (values.demo && positionals.length) throw new UsageError('Give either a URL or --demo, not both.');
  if (values.proxy !== undefined && !PROXY_PATTERN.test(values.proxy)) throw new UsageError('--proxy takes HOST:PORT.');
  // The demo routes the browser to its own fixture server.
  if (values.proxy !== undefined && values.demo) throw new UsageError('--proxy does not go with --demo.');
  const hostMap = readHostMapOption(values);
  if (!hostMap.ok) throw new UsageError(hostMap.reason);
  if (!values.demo && positionals.length !== 1) throw new UsageError('Give exactly one URL to audit.');
  const url = values.demo ? 'https://shop.example/' : normaliseUrl(positionals[0]);
  return {
    url,
    demo: values.demo,
    browser: values.browser,
    browserPath: values['browser-path'],
    out: values.out,
    wait: values.demo && values.wait === '5' ? 3 : wait,
    scenario: values.scenario,
    browserArgs: values['browser-arg'],
    proxy: values.proxy,
    hostMap: hostMap.map,
    includeValues: values['include-values'],
    lang,
    includeScreenshots: values['include-screenshots'],
  };
}

function normaliseUrl(input) {
  const text = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${input}" is not a valid URL.`);
  }
  if (!url.hostname && !['about:', 'chrome:', 'edge:', 'moz-extension:', 'chrome-extension:'].includes(url.protocol))
    throw new UsageError(`"${input}" is not a valid URL.`);
  return url.href;
}

const STORES = [
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/addons\.mozilla\.org\//,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
];

/** Pages no extension may script: browser pages, other extensions, the web stores. */
export function restrictedReason(url) {
  const { protocol } = new URL(url);
  if (!['http:', 'https:'].includes(protocol)) return `browsers do not let extensions inspect ${protocol} pages.`;
  if (STORES.some((re) => re.test(url))) return 'browsers do not let extensions inspect their web stores.';
  return undefined;
}

// The options every multi-page command (a batch, a crawl) takes: the browser, its switches, --proxy, --host-map, the
// scenario and the page's time limits; checked in one place.
import { readHostMapOption } from './host-map.mjs';
import { PROXY_PATTERN } from './proxy.mjs';

export class UsageError extends Error {}

const SCENARIOS = ['observe', 'reject', 'accept'];

/** Their `node:util` parseArgs declarations. */
export const PAGE_OPTIONS = {
  scenario: { type: 'string', default: 'observe' },
  browser: { type: 'string', default: 'chromium' },
  'browser-path': { type: 'string' },
  'browser-arg': { type: 'string', multiple: true, default: [] },
  proxy: { type: 'string' },
  'host-map': { type: 'string', multiple: true },
  wait: { type: 'string', default: '5' },
  'page-timeout': { type: 'string', default: '90' },
  help: { type: 'boolean', short: 'h', default: false },
};

/** The parsed values of PAGE_OPTIONS, checked; throws UsageError. */
export function readPageOptions(values) {
  if (!['chromium', 'firefox'].includes(values.browser)) throw new UsageError(`--browser must be chromium or firefox, not ${values.browser}.`);
  if (!SCENARIOS.includes(values.scenario)) throw new UsageError(`--scenario must be one of: ${SCENARIOS.join(', ')}.`);
  const wait = Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0 || wait > 600) throw new UsageError('--wait takes a number of seconds from 0 to 600.');
  const pageTimeout = Number(values['page-timeout']);
  if (!Number.isFinite(pageTimeout) || pageTimeout < 5 || pageTimeout > 3600) throw new UsageError('--page-timeout takes a number of seconds from 5 to 3600.');
  if (values.proxy !== undefined && !PROXY_PATTERN.test(values.proxy)) throw new UsageError('--proxy takes HOST:PORT.');
  const hostMap = readHostMapOption(values);
  if (!hostMap.ok) throw new UsageError(hostMap.reason);
  return {
    scenario: values.scenario,
    browser: values.browser,
    browserPath: values['browser-path'],
    browserArgs: values['browser-arg'],
    proxy: values.proxy,
    hostMap: hostMap.map,
    wait,
    pageTimeout,
  };
}

/**
 * `read(argv)`'s options, or the exit code once the usage is printed: 0 for --help, 2 for a bad option (its message
 * first).
 */
export function optionsOrExit(argv, read, usage) {
  let options;
  try {
    options = read(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return { exit: 2 };
  }
  if (options.help) {
    console.log(usage);
    return { exit: 0 };
  }
  return { options };
}

// `--host-map 'HOST=IP[:PORT],…'`: audit a staging server under the production names, without DNS or /etc/hosts.
// Parsing is strict because the result becomes a browser switch: only names, addresses and ports pass.
import { isIPv4, isIPv6 } from 'node:net';

/** At most this many mapped names: a mapping is a handful of hosts, not a zone. */
export const HOST_MAP_MAX = 64;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * `text` is one or more `--host-map` values (comma-separated entries each). Returns `{ ok: true, map }` with
 * `map` as `[{ host, ip, port? }]` (hosts lower-case, IPv6 without brackets), or `{ ok: false, reason }`.
 */
export function parseHostMap(values) {
  const entries = [values]
    .flat()
    .flatMap((value) => String(value).split(','))
    .map((entry) => entry.trim());
  if (entries.length > HOST_MAP_MAX) return { ok: false, reason: `at most ${HOST_MAP_MAX} hosts` };
  const map = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed.ok) return parsed;
    if (map.some((m) => m.host === parsed.entry.host)) return { ok: false, reason: `${parsed.entry.host} is mapped twice` };
    map.push(parsed.entry);
  }
  return { ok: true, map };
}

/**
 * The `--host-map` option among the CLI's parsed `values`: `{ ok: true, map }` (map undefined without the option)
 * or `{ ok: false, reason }` for the usage error.
 */
export function readHostMapOption(values) {
  if (values['host-map'] === undefined) return { ok: true, map: undefined };
  // Through a proxy the browser resolves no names: the proxy does, so a mapping in the browser would silently send
  // the audit to the production servers.
  if (values.proxy !== undefined)
    return {
      ok: false,
      reason: '--host-map does not go with --proxy: the proxy would resolve the names, not the browser. Map the names on the proxy, or drop --proxy.',
    };
  if (values.demo) return { ok: false, reason: '--host-map does not go with --demo.' };
  // Chromium keeps the last of two --host-resolver-rules switches: one of the mappings would be lost.
  if ((values['browser-arg'] ?? []).some((arg) => arg.startsWith('--host-resolver-rules')))
    return { ok: false, reason: '--host-map does not go with --browser-arg=--host-resolver-rules: give every mapping in one of them.' };
  const parsed = parseHostMap(values['host-map']);
  return parsed.ok ? parsed : { ok: false, reason: `--host-map takes HOST=IP:PORT,… (${parsed.reason}).` };
}

/** Chromium's switch: every connection to a mapped name goes to its address (and port, when given). */
export function hostResolverRules(map) {
  return `--host-resolver-rules=${map.map(({ host, ip, port }) => `MAP ${host} ${hostPort(ip, port)}`).join(', ')}`;
}

/** Where a connection to `host:port` goes under `map`, or undefined when the host is not mapped. */
export function mappedTarget(map, host, port) {
  const bare = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const entry = map.find((m) => m.host === bare);
  return entry && { host: entry.ip, port: entry.port ?? port };
}

/** `ip:port` with IPv6 in brackets, or the address alone without a port. */
export function hostPort(ip, port) {
  const address = isIPv6(ip) ? `[${ip}]` : ip;
  return port === undefined ? address : `${address}:${port}`;
}

function parseEntry(entry) {
  const bad = (why) => ({ ok: false, reason: `"${entry.slice(0, 80)}": ${why}` });
  const eq = entry.indexOf('=');
  if (eq < 0) return bad('not HOST=IP:PORT');
  const host = entry.slice(0, eq).trim().toLowerCase();
  const target = entry.slice(eq + 1).trim();
  if (!isHostname(host)) return bad('the host is not a DNS name');
  const match = /^(?:\[([0-9a-f:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/i.exec(target);
  if (!match) return bad('the target is not IP, IP:PORT or [IPv6]:PORT');
  const ip = (match[1] ?? match[2]).toLowerCase();
  if (match[1] !== undefined ? !isIPv6(ip) : !isIPv4(ip)) return bad(`${ip} is not an IP${match[1] !== undefined ? 'v6' : 'v4'} address`);
  if (match[3] === undefined) return { ok: true, entry: { host, ip } };
  const port = Number(match[3]);
  if (!/^[1-9]\d*$/.test(match[3]) || port > 65_535) return bad('the port is not 1 to 65535');
  return { ok: true, entry: { host, ip, port } };
}

/** A DNS name (letters, digits, hyphens; at most 253 characters), never an IP address. */
function isHostname(host) {
  if (!host || host.length > 253 || isIPv4(host) || /^[0-9.]+$/.test(host)) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

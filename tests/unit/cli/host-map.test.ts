import { describe, expect, it } from 'vitest';
import { HOST_MAP_MAX, hostResolverRules, mappedTarget, parseHostMap, readHostMapOption } from '@/lib/cli/host-map.mjs';

describe('--host-map HOST=IP:PORT,…', () => {
  it('reads names, IPv4 and bracketed IPv6 targets, with or without a port, from one or several values', () => {
    expect(parseHostMap('Staging.Shop.example=10.0.0.5:8443, cdn.shop.example=10.0.0.6')).toEqual({
      ok: true,
      map: [
        { host: 'staging.shop.example', ip: '10.0.0.5', port: 8443 },
        { host: 'cdn.shop.example', ip: '10.0.0.6' },
      ],
    });
    expect(parseHostMap(['a.example=[::1]:8080', 'b.example=[2001:DB8::1]'])).toEqual({
      ok: true,
      map: [
        { host: 'a.example', ip: '::1', port: 8080 },
        { host: 'b.example', ip: '2001:db8::1' },
      ],
    });
    expect(parseHostMap('staging=127.0.0.1:1').ok).toBe(true);
    expect(parseHostMap('x.example=127.0.0.1:65535').ok).toBe(true);
  });

  it.each([
    ['', 'not HOST=IP:PORT'],
    ['a.example=10.0.0.1,', 'not HOST=IP:PORT'],
    ['a.example', 'not HOST=IP:PORT'],
    ['a.example=', 'not IP'],
    ['a.example=10.0.0.1:0', 'port'],
    ['a.example=10.0.0.1:65536', 'port'],
    ['a.example=10.0.0.1:080', 'port'],
    ['a.example=10.0.0.1:99999', 'port'],
    ['a.example=10.0.0.256:80', 'not an IPv4'],
    ['a.example=10.0.0:80', 'not an IPv4'],
    ['a.example=::1', 'not IP'],
    ['a.example=[::g]:80', 'not IP'],
    ['a.example=[1:2:3]:80', 'not an IPv6'],
    ['a.example=shop.example:80', 'not IP'],
    ['a.example=10.0.0.1:80 --no-sandbox', 'not IP'],
    ['a.example=10.0.0.1:80; MAP * 1.2.3.4', 'not IP'],
    ['*.a.example=10.0.0.1', 'not a DNS name'],
    ['a example=10.0.0.1', 'not a DNS name'],
    ['-a.example=10.0.0.1', 'not a DNS name'],
    ['a..example=10.0.0.1', 'not a DNS name'],
    ['10.0.0.9=10.0.0.1', 'not a DNS name'],
    [`${'a'.repeat(64)}.example=10.0.0.1`, 'not a DNS name'],
    ['a.example=10.0.0.1,A.example=10.0.0.2', 'mapped twice'],
  ])('refuses %j', (text, reason) => {
    const parsed = parseHostMap(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it(`refuses more than ${HOST_MAP_MAX} hosts`, () => {
    const many = Array.from({ length: HOST_MAP_MAX + 1 }, (_, i) => `h${i}.example=10.0.0.1`).join(',');
    expect(parseHostMap(many)).toEqual({ ok: false, reason: `at most ${HOST_MAP_MAX} hosts` });
  });

  it("becomes Chromium's MAP rules, port replaced when given, IPv6 in brackets", () => {
    const parsed = parseHostMap('staging.shop.example=127.0.0.1:8443,a.example=[::1]:80,b.example=10.0.0.6');
    expect(parsed.ok && hostResolverRules(parsed.map)).toBe(
      '--host-resolver-rules=MAP staging.shop.example 127.0.0.1:8443, MAP a.example [::1]:80, MAP b.example 10.0.0.6',
    );
  });

  it('sends a mapped name, in any case or with a final dot, to its target, and keeps the port when none is mapped', () => {
    const parsed = parseHostMap('staging.shop.example=127.0.0.1:8443,b.example=10.0.0.6');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(mappedTarget(parsed.map, 'STAGING.shop.example.', 443)).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(mappedTarget(parsed.map, 'b.example', 80)).toEqual({ host: '10.0.0.6', port: 80 });
    expect(mappedTarget(parsed.map, 'shop.example', 443)).toBeUndefined();
    expect(mappedTarget(parsed.map, 'x.staging.shop.example', 443)).toBeUndefined();
  });
});

describe('the --host-map option', () => {
  it('is absent, a map, or a usage error that names the option', () => {
    expect(readHostMapOption({})).toEqual({ ok: true, map: undefined });
    expect(readHostMapOption({ 'host-map': ['a.example=10.0.0.1:81'] })).toEqual({ ok: true, map: [{ host: 'a.example', ip: '10.0.0.1', port: 81 }] });
    expect(readHostMapOption({ 'host-map': ['a.example=10.0.0.1:0'] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^--host-map takes HOST=IP:PORT/),
    });
  });

  it('refuses --proxy (the proxy would resolve the names), --demo, and a resolver switch of its own', () => {
    const map = { 'host-map': ['a.example=10.0.0.1'] };
    expect(readHostMapOption({ ...map, proxy: '127.0.0.1:3128' })).toMatchObject({ ok: false, reason: expect.stringContaining('does not go with --proxy') });
    expect(readHostMapOption({ ...map, demo: true })).toMatchObject({ ok: false, reason: expect.stringContaining('--demo') });
    expect(readHostMapOption({ ...map, 'browser-arg': ['--host-resolver-rules=MAP * 127.0.0.1'] })).toMatchObject({ ok: false });
    expect(readHostMapOption({ ...map, 'browser-arg': ['--ignore-certificate-errors'] }).ok).toBe(true);
  });
});

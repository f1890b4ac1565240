import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README is for a newcomer and the design lives in docs/, one click away: the README stays small, links every
 * docs page, and no relative link (or #anchor) in either leads nowhere.
 */
const root = path.resolve(import.meta.dirname, '../..');
const README = 'README.md';
const MAX_README_BYTES = 20_000;
const docs = readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);

/** Markdown without fenced code blocks and inline code spans, where `[x](y)` and `# x` are not markup. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`+[^`\n]*`+/g, 'code');
}

/** The inline link targets of a Markdown file. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? '');
}

/** GitHub's heading anchors: lower case, punctuation and symbols dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading = ''] of markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    let slug = base;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

/** Relative links of `file` (repository-relative) that do not resolve to a file, or to an anchor in it. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of linksOf(readFileSync(path.join(root, file), 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
    const [target = '', anchor] = link.split('#');
    const resolved = target ? path.normalize(path.join(path.dirname(file), decodeURIComponent(target))) : file;
    const full = path.join(root, resolved);
    if (resolved.startsWith('..') || !existsSync(full)) {
      broken.push(`${link} (no ${resolved})`);
      continue;
    }
    if (anchor && !(resolved.endsWith('.md') && anchorsOf(readFileSync(full, 'utf8')).has(anchor)))
      broken.push(`${link} (no heading #${anchor} in ${resolved})`);
  }
  return broken;
}

describe('documentation', () => {
  it(`keeps the README at most ${MAX_README_BYTES} bytes`, () => {
    expect(statSync(path.join(root, README)).size).toBeLessThanOrEqual(MAX_README_BYTES);
  });

  it('keeps the background entrypoint wiring only: at most 80 lines', () => {
    const lines = readFileSync(path.join(root, 'entrypoints/background.ts'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(80);
  });

  it('links every docs/*.md page from the README', () => {
    const linked = new Set(
      linksOf(readFileSync(path.join(root, README), 'utf8'))
        .map((link) => link.split('#')[0] ?? '')
        .filter(Boolean)
        .map((target) => path.normalize(target)),
    );
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.filter((doc) => !linked.has(doc))).toEqual([]);
  });

  it.each([README, ...docs])('%s: every relative link leads to an existing file and heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('finds links and anchors the way GitHub renders them', () => {
    const sample = ['# Title', '## The canary test', '### Capture: events → records (`lib/capture/`)', '## Capture'].join('\n');
    expect([...anchorsOf(sample)]).toEqual(['title', 'the-canary-test', 'capture-events--records-libcapture', 'capture']);
    expect(linksOf('See [a](docs/a.md) and `[b](b.md)`.\n```\n[c](c.md)\n```\n[d](d.md#x)')).toEqual(['docs/a.md', 'd.md#x']);
  });
});

import { h } from 'preact';
import { useState } from 'preact/hooks';
import { describe, expect, it } from 'vitest';
import { Header } from '@/lib/ui/components/Header';
import { ReportSection, SECTIONS, type Section } from '@/lib/ui/components/ReportSection';
import { Tabs } from '@/lib/ui/components/Tabs';
import { makeReport } from '../../fixtures/reports';
import { mount, text } from '../../fixtures/dom';

function Harness() {
  const [selected, setSelected] = useState<Section>('findings');
  return h(Tabs<Section>, {
    label: 'Sections',
    idPrefix: 's',
    items: SECTIONS.map((id) => ({ id, label: id })),
    selected,
    onSelect: setSelected,
    children: h('p', null, selected),
  });
}

function press(target: Element, key: string) {
  const event = new Event('keydown', { bubbles: true });
  Object.defineProperty(event, 'key', { value: key });
  target.dispatchEvent(event);
}

describe('Tabs', () => {
  it('keeps one tab in the tab order and moves with the arrow keys, Home and End', async () => {
    const { root } = mount(h(Harness, null));
    const tablist = root.querySelector('[role="tablist"]') as Element;
    const selected = () => text(root, '[role="tab"][aria-selected="true"]');
    expect([...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')].filter((b) => /tabindex="0"/i.test(b.outerHTML))).toHaveLength(1);
    press(tablist, 'ArrowRight');
    await new Promise((r) => setTimeout(r, 0));
    expect(selected()).toEqual(['trackers']);
    press(tablist, 'ArrowLeft');
    await new Promise((r) => setTimeout(r, 0));
    press(tablist, 'ArrowLeft');
    await new Promise((r) => setTimeout(r, 0));
    expect(selected()).toEqual(['requests']);
    press(tablist, 'Home');
    await new Promise((r) => setTimeout(r, 0));
    expect(selected()).toEqual(['findings']);
    expect(root.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby')).toBe('s-tab-findings');
  });
});

describe('a visit of 5,000 requests', () => {
  // The time budget (100 ms in Chromium) is a benchmark: tests/bench/popup-render.bench.mjs.
  it('renders the header and each section a page at a time', () => {
    const report = makeReport({ requests: 5000 });
    expect(report.requests.length).toBeGreaterThan(5000);
    for (const section of SECTIONS) {
      const { root } = mount(h('main', null, h(Header, { report }), h(ReportSection, { report, section })));
      expect(root.querySelectorAll('tbody tr').length, section).toBeLessThanOrEqual(200);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { barLine, createProgress, formatDuration, plainLine, progressCounts } from '@/lib/batch/progress.mjs';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text), text: () => writes.join('') };
}

/** What a terminal shows: `\r` returns to the line's start, ESC[2K clears it, `\n` ends it. */
function screen(output: string): string[] {
  const lines = [''];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's control sequences are what this reads
  for (const part of output.split(/(\r|\n|\x1b\[2K)/)) {
    if (part === '\n') lines.push('');
    else if (part === '\r' || part === '\x1b[2K') lines[lines.length - 1] = '';
    else lines[lines.length - 1] += part;
  }
  return lines;
}

describe('progressCounts', () => {
  it('derives remaining and an ETA from the mean time per page', () => {
    expect(progressCounts({ ok: 11, failed: 1, total: 100, elapsedMs: 12 * 5000 })).toEqual({
      finished: 12,
      ok: 11,
      failed: 1,
      total: 100,
      remaining: 88,
      etaMs: 88 * 5000,
    });
  });
  it('has no ETA before the first page, nor after the last', () => {
    expect(progressCounts({ ok: 0, failed: 0, total: 5, elapsedMs: 3000 }).etaMs).toBeUndefined();
    expect(progressCounts({ ok: 4, failed: 1, total: 5, elapsedMs: 3000 }).etaMs).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(9_000)).toBe('9s');
    expect(formatDuration(250_000)).toBe('4m10s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
  });
});

describe('plainLine', () => {
  it('keeps the format the batch has always printed', () => {
    const counts = progressCounts({ ok: 11, failed: 1, total: 100, elapsedMs: 12 * 2841 });
    expect(plainLine({ url: 'https://shop.example/', status: 'ok' }, counts)).toBe(
      '[12/100] ok https://shop.example/; done 11, failed 1, remaining 88 ETA 4m10s',
    );
    expect(plainLine({ url: 'https://hang.example/', status: 'failed', error: 'could not load: Timeout' }, counts)).toBe(
      '[12/100] failed https://hang.example/ (could not load: Timeout); done 11, failed 1, remaining 88 ETA 4m10s',
    );
  });
  it('lets no control character of an error reach the terminal', () => {
    const counts = progressCounts({ ok: 0, failed: 1, total: 1, elapsedMs: 1 });
    const line = plainLine({ url: 'https://x.example/', status: 'failed', error: 'bad\x1b[31m\rred\x07' }, counts);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may remain
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(line).toContain('bad [31m red ');
  });
});

describe('barLine', () => {
  const counts = progressCounts({ ok: 11, failed: 1, total: 100, elapsedMs: 12 * 2841 });
  it('draws the bar with done/failed/remaining and the ETA', () => {
    expect(barLine(counts, 120)).toBe(`[####${'.'.repeat(26)}] 12/100 ok 11 failed 1 remaining 88 ETA 4m10s`);
  });
  it('is never wider than the terminal less one column', () => {
    for (const columns of [200, 80, 60, 45, 30, 10, 1]) {
      const line = barLine(counts, columns);
      expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(Math.max(1, columns - 1));
    }
    expect(barLine(counts, 60)).toMatch(/^\[#+\.+\] 12\/100 ok 11/);
    expect(barLine(counts, 40)).toBe('12/100 ok 11 failed 1 remaining 88 ETA 4m10s'.slice(0, 39));
  });
  it('is full at the end', () => {
    expect(barLine(progressCounts({ ok: 3, failed: 0, total: 3, elapsedMs: 10 }), 80)).toBe(`[${'#'.repeat(30)}] 3/3 ok 3 failed 0 remaining 0`);
  });
});

describe('createProgress', () => {
  it('prints plain lines, one per page, when stderr is not a terminal', () => {
    const stream = fakeStream(false);
    let t = 0;
    const progress = createProgress(stream, 2, () => t);
    progress.start();
    t = 4000;
    progress.record({ url: 'https://a.example/', status: 'ok' });
    t = 8000;
    progress.record({ url: 'https://b.example/', status: 'failed', error: 'timed out' });
    progress.finish();
    expect(stream.text()).toBe(
      '[1/2] ok https://a.example/; done 1, failed 0, remaining 1 ETA 4s\n[2/2] failed https://b.example/ (timed out); done 1, failed 1, remaining 0\n',
    );
    expect(stream.text()).not.toContain('\r');
  });

  it('redraws one bar on a terminal, keeps failures as lines above it, and ends with a newline', () => {
    const stream = fakeStream(true, 70);
    let t = 0;
    const progress = createProgress(stream, 3, () => t);
    progress.start();
    t = 3000;
    progress.record({ url: 'https://a.example/', status: 'ok' });
    t = 6000;
    progress.record({ url: 'https://hang.example/', status: 'failed', error: 'could not load' });
    t = 9000;
    progress.record({ url: 'https://c.example/', status: 'ok' });
    progress.finish();
    const out = stream.text();
    expect(out.endsWith('\n')).toBe(true);
    // Every redraw starts by returning to the line's start and clearing it.
    for (const write of stream.writes.slice(0, -1)) expect(write.startsWith('\r\x1b[2K')).toBe(true);
    expect(screen(out)).toEqual([
      'failed https://hang.example/ (could not load)',
      barLine(progressCounts({ ok: 2, failed: 1, total: 3, elapsedMs: 9000 }), 70),
      '',
    ]);
    for (const line of screen(out)) expect(line.length).toBeLessThanOrEqual(69);
    expect(out).toContain('] 1/3 ok 1 failed 0 remaining 2 ETA 6s');
  });

  it('writes nothing at the end of a terminal run that never drew', () => {
    const stream = fakeStream(true, 80);
    createProgress(stream, 0).finish();
    expect(stream.writes).toEqual([]);
  });
});

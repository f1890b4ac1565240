// A batch's progress on stderr: one bar redrawn in place on a terminal, plain lines otherwise (a log file, a CI job,
// a test parsing them). Failed pages always get a line of their own, so no error is lost under the bar.

const BAR_MAX = 30;
const BAR_MIN = 10;

/** Counts after `finished` pages of `total`, with the ETA from the mean time per page so far (ms). */
export function progressCounts({ ok, failed, total, elapsedMs }) {
  const finished = ok + failed;
  const remaining = Math.max(0, total - finished);
  const etaMs = finished && remaining ? (elapsedMs / finished) * remaining : undefined;
  return { finished, ok, failed, total, remaining, etaMs };
}

/** The plain line of one page: `[12/100] ok https://…; done 11, failed 1, remaining 88 ETA 4m10s`. */
export function plainLine(result, counts) {
  const error = result.error ? ` (${printable(result.error)})` : '';
  const eta = counts.etaMs === undefined ? '' : ` ETA ${formatDuration(counts.etaMs)}`;
  return `[${counts.finished}/${counts.total}] ${printable(result.status)} ${printable(result.url)}${error}; done ${counts.ok}, failed ${counts.failed}, remaining ${counts.remaining}${eta}`;
}

/**
 * The bar line, at most `columns - 1` characters (a line as wide as the terminal wraps on some terminals, and `\r`
 * then redraws only its second half): `[#####.....] 12/100 ok 11 failed 1 remaining 88 ETA 4m10s`.
 */
export function barLine(counts, columns) {
  const width = Math.max(1, (Number.isFinite(columns) && columns > 0 ? columns : 80) - 1);
  const eta = counts.etaMs === undefined ? '' : ` ETA ${formatDuration(counts.etaMs)}`;
  const text = ` ${counts.finished}/${counts.total} ok ${counts.ok} failed ${counts.failed} remaining ${counts.remaining}${eta}`;
  const barWidth = Math.min(BAR_MAX, width - text.length - 2);
  if (barWidth < BAR_MIN) return text.trimStart().slice(0, width);
  const filled = counts.total ? Math.round((counts.finished / counts.total) * barWidth) : barWidth;
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${text}`;
}

/**
 * `stream`: where to write (process.stderr); a bar when `stream.isTTY`, plain lines otherwise. `record(result)` after
 * each page, `finish()` once at the end (ends the bar's line). `now` is injectable for tests.
 */
export function createProgress(stream, total, now = Date.now) {
  const started = now();
  const tty = Boolean(stream.isTTY);
  const tally = { ok: 0, failed: 0 };
  const counts = () => progressCounts({ ...tally, total, elapsedMs: now() - started });
  const drawBar = () => stream.write(`\r\x1b[2K${barLine(counts(), stream.columns)}`);
  let drawn = false;
  return {
    start() {
      if (!tty) return;
      drawBar();
      drawn = true;
    },
    record(result) {
      tally[result.status === 'ok' ? 'ok' : 'failed']++;
      if (!tty) {
        stream.write(`${plainLine(result, counts())}\n`);
        return;
      }
      // Clear the bar, print the failure as a permanent line, then draw the bar again below it.
      if (result.status !== 'ok') stream.write(`\r\x1b[2Kfailed ${printable(result.url)}${result.error ? ` (${printable(result.error)})` : ''}\n`);
      drawBar();
      drawn = true;
    },
    finish() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** `4m10s`, `1h02m`, `9s`. */
export function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

// An error message can carry a page's text: no control character (an escape sequence) reaches the terminal.
function printable(value) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this removes
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

// `npm run audit -- merge DIR… --out summary.json|summary.csv|summary.html`: one row per site from the result lines
// of every directory given (the shards of one list, or runs of several).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResults } from '../batch/page-result.mjs';
import { summarizeSites } from '../batch/site-summary.mjs';
import { toSummaryCsv, toSummaryHtml } from '../batch/summary-formats.mjs';

export const MERGE_USAGE = `Usage: npm run audit -- merge DIR... --out summary.json|summary.csv|summary.html

Merges the results.jsonl of each batch output directory (shards, or separate runs) into one row per site: verdict,
findings by severity, CMP, session-replay vendors, vendors before consent, pages audited and failed.`;

const WRITERS = {
  '.json': (summary) => `${JSON.stringify(summary, null, 2)}\n`,
  '.csv': toSummaryCsv,
  '.html': toSummaryHtml,
};

export function mergeMain(argv) {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    return usage(error.message);
  }
  if (values.help) {
    console.log(MERGE_USAGE);
    return 0;
  }
  if (!positionals.length) return usage('Give at least one batch output directory.');
  const write = values.out && WRITERS[path.extname(values.out).toLowerCase()];
  if (!write) return usage('--out must end in .json, .csv or .html.');
  const lists = [];
  for (const dir of positionals) {
    const file = path.join(dir, 'results.jsonl');
    if (!existsSync(file)) {
      console.error(`${dir} has no results.jsonl: not a batch output directory.`);
      return 2;
    }
    const { results, skipped } = parseResults(readFileSync(file, 'utf8'));
    if (skipped) console.error(`${file}: ${skipped} unreadable line${skipped > 1 ? 's' : ''} skipped.`);
    lists.push(results);
  }
  const summary = summarizeSites(lists);
  writeFileSync(values.out, write(summary));
  console.log(`${summary.sites.length} sites, ${summary.pages.total} pages (${summary.pages.ok} ok, ${summary.pages.failed} failed): ${values.out}`);
  return 0;
}

function usage(message) {
  console.error(`${message}\n\n${MERGE_USAGE}`);
  return 2;
}

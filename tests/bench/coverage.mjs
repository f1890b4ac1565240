// Share of tracker prevalence the bundled database classifies.
// node tests/bench/coverage.mjs [path/to/tracker-prevalence.tsv] [--missing N]
// Default TSV: ../shared/data/tracker-prevalence.tsv next to the repository (not part of the repo, not needed by tests).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadClassifier } from './load-classifier.mjs';

const args = process.argv.slice(2);
const missingArg = args.indexOf('--missing');
const showMissing = missingArg >= 0 ? Number(args[missingArg + 1]) || 20 : 20;
const tsv = args.find((arg, i) => !arg.startsWith('--') && i !== missingArg + 1) ?? join(ROOT, '../shared/data/tracker-prevalence.tsv');
if (!existsSync(tsv)) {
  console.log(`coverage: ${tsv} not found; pass the path of tracker-prevalence.tsv`);
  process.exit(0);
}

const classify = await loadClassifier();
const { vendors } = classify.loadVendors(classify.readVendorFiles(ROOT));
const index = classify.buildVendorIndex(vendors);

const rows = readFileSync(tsv, 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('rank\t'))
  .map((line) => {
    const [rank, group, , domain, prevalence] = line.split('\t');
    return { rank: Number(rank), group, domain: domain ?? '', prevalence: Number(prevalence) };
  });

const bands = [
  ['ranks 1-100', (r) => r.rank <= 100],
  ['ranks 101-200', (r) => r.rank > 100 && r.rank <= 200],
  ['ranks 201-300', (r) => r.rank > 200],
  ['all ranks', () => true],
];
console.log(`Database coverage of ${tsv} (${vendors.length} vendors)`);
for (const [label, inBand] of bands) {
  const band = rows.filter(inBand);
  const total = band.reduce((sum, r) => sum + r.prevalence, 0);
  const hit = band.filter((r) => classify.classifyHostname(index, r.domain));
  const covered = hit.reduce((sum, r) => sum + r.prevalence, 0);
  console.log(`  ${label.padEnd(14)} ${((100 * covered) / (total || 1)).toFixed(1)}% of domain prevalence, ${hit.length}/${band.length} domains`);
}
const missing = rows.filter((r) => !classify.classifyHostname(index, r.domain)).sort((a, b) => b.prevalence - a.prevalence);
if (missing.length > 0) {
  console.log(`  most prevalent unclassified domains (${Math.min(showMissing, missing.length)} of ${missing.length}):`);
  for (const r of missing.slice(0, showMissing)) console.log(`    ${String(r.rank).padStart(3)}  ${r.domain}  ${r.prevalence}  (${r.group})`);
}

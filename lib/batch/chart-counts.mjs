// What the summary's charts show, counted from the merged summary: each rule, and each vendor seen before consent,
// by the number of sites affected (a site counts once however many of its pages) and by the number of audited pages.
// Pure; ties are broken by name, so the same summary always gives the same charts.

/** `{ rules, beforeConsentVendors, sitesAudited, pagesAudited }`; each list `[{ key, sites, pages }]`, most sites first. */
export function chartCounts(summary) {
  const audited = summary.sites.filter((row) => row.pagesAudited > 0);
  return {
    sitesAudited: audited.length,
    pagesAudited: audited.reduce((sum, row) => sum + row.pagesAudited, 0),
    rules: countBy(audited, 'rules'),
    beforeConsentVendors: countBy(audited, 'beforeConsentVendors'),
  };
}

function countBy(rows, field) {
  const counts = new Map();
  const entry = (key) => {
    if (!counts.has(key)) counts.set(key, { key, sites: 0, pages: 0 });
    return counts.get(key);
  };
  for (const row of rows) {
    for (const key of strings(row[field])) entry(key).sites++;
    for (const page of row.pages) {
      if (page.status !== 'ok') continue;
      for (const key of strings(page[field])) entry(key).pages++;
    }
  }
  return [...counts.values()].sort((a, b) => b.sites - a.sites || b.pages - a.pages || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// Each name once per row or page, strings only: a hand-edited or hostile results file counts nothing twice.
function strings(list) {
  return Array.isArray(list) ? [...new Set(list.filter((v) => typeof v === 'string' && v))] : [];
}

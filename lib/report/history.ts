import type { Visit } from '../model';

export interface SiteHistory {
  site: string;
  /** Newest first. */
  visits: Visit[];
}

/** Stored visits of web pages by site, the site with the most recent visit first. */
export function groupVisitsBySite(visits: readonly Visit[]): SiteHistory[] {
  const bySite = new Map<string, Visit[]>();
  const pages = visits.filter((v) => /^https?:/i.test(v.url));
  for (const visit of pages.sort((a, b) => b.startedAt - a.startedAt)) {
    bySite.set(visit.site, [...(bySite.get(visit.site) ?? []), visit]);
  }
  return [...bySite].map(([site, list]) => ({ site, visits: list }));
}

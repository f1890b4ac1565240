import { describe, expect, it } from 'vitest';
import { groupVisitsBySite } from '@/lib/report/history';
import { makeVisit } from '../../fixtures/factories';

describe('groupVisitsBySite', () => {
  it('groups visits of web pages by site, newest first, the most recently scanned site first', () => {
    const visits = [
      makeVisit({ id: 'a1', site: 'a.example', startedAt: 1 }),
      makeVisit({ id: 'b1', site: 'b.example', startedAt: 2 }),
      makeVisit({ id: 'a2', site: 'a.example', startedAt: 3 }),
      makeVisit({ id: 'ext', url: 'chrome-extension://abc/report.html', site: 'chrome-extension://abc/report.html', startedAt: 4 }),
    ];
    expect(groupVisitsBySite(visits).map((g) => [g.site, g.visits.map((v) => v.id)])).toEqual([
      ['a.example', ['a2', 'a1']],
      ['b.example', ['b1']],
    ]);
    expect(groupVisitsBySite([])).toEqual([]);
  });
});

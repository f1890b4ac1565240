import { CATEGORY_DEFINITIONS } from '@/lib/classify/categories';
import type { Report } from '@/lib/report/types';
import { formatTime } from '@/lib/report/format';
import { vendorNamer, vendorPhases } from '@/lib/report/group';
import { groupVendorsByCategory } from '@/lib/report/verdict';
import { useI18n } from '../i18n';

export interface TrackersProps {
  report: Report;
}

/** Vendors by category, then each vendor: requests, first seen, the consent phases it was active in, whether it needs consent. */
export function Trackers({ report }: TrackersProps) {
  const { t, lang } = useI18n();
  const name = vendorNamer(report);
  const phases = vendorPhases(report);
  if (!report.vendors.length && !report.unclassifiedSites.length) return <p class="muted">{t('trackers.none')}</p>;
  return (
    <div data-testid="trackers">
      {groupVendorsByCategory(report.vendors).map(([category, vendors]) => (
        <section key={category} aria-labelledby={`category-${category}`}>
          <h2 id={`category-${category}`} title={CATEGORY_DEFINITIONS[category]}>
            {t(`category.${category}`)}
          </h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('trackers.vendor')}</th>
                <th scope="col">{t('trackers.requests')}</th>
                <th scope="col">{t('trackers.firstSeen')}</th>
                <th scope="col">{t('trackers.phase')}</th>
                <th scope="col">{t('trackers.consent')}</th>
              </tr>
            </thead>
            <tbody>
              {vendors.map((v) => (
                <tr key={v.id}>
                  <td title={v.organization}>{v.name}</td>
                  <td>{v.requests}</td>
                  <td>{formatTime(v.firstSeen, lang)}</td>
                  <td data-testid="vendor-phases">{(phases.get(v.id) ?? []).map((p) => t(`phase.${p}`)).join(', ')}</td>
                  <td>{t(`consentRequirement.${v.consent}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {report.cnameAliases.length > 0 && (
        <section>
          <h2>{t('trackers.cname')}</h2>
          <ul data-testid="cname-aliases">
            {report.cnameAliases.map((a) => (
              <li key={a.hostname}>{t('trackers.cnameLine', { hostname: a.hostname, vendor: name(a.vendor) || a.vendor, canonical: a.canonicalName })}</li>
            ))}
          </ul>
        </section>
      )}
      {report.unclassifiedSites.length > 0 && (
        <section>
          <h2>{t('trackers.unclassified')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('trackers.site')}</th>
                <th scope="col">{t('trackers.requests')}</th>
                <th scope="col">{t('trackers.firstSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {report.unclassifiedSites.map((s) => (
                <tr key={s.site}>
                  <td>{s.site}</td>
                  <td>{s.requests}</td>
                  <td>{formatTime(s.firstSeen, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

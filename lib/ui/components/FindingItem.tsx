import type { Finding } from '@/lib/finding';
import { formatTime } from '@/lib/report/format';
import { findingEvidence } from '@/lib/report/group';
import { EN, type MessageKey } from '@/lib/i18n/en';
import { useI18n } from '../i18n';

export interface FindingItemProps {
  finding: Finding;
}

/** Severity, vendor and title on one line; the evidence (times from the choice, URLs, decoding chain) and the fix on demand. */
export function FindingItem({ finding: f }: FindingItemProps) {
  const { t, lang } = useI18n();
  const evidence = findingEvidence(f);
  const name = `rule.${f.rule}.name`;
  return (
    <li class="finding" data-severity={f.severity} data-rule={f.rule}>
      <details>
        <summary>
          <span class={`sev sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
          {f.vendor && <strong class="finding-vendor">{f.vendor.name}</strong>}
          <span class="finding-title">{f.title}</span>
        </summary>
        <dl>
          <dt>{t('findings.rule')}</dt>
          <dd>
            <code>{f.rule}</code> {isRuleName(name) && t(name)}
          </dd>
          <dt>{t('findings.phase')}</dt>
          <dd>{t(`phase.${f.phase}`)}</dd>
          {(evidence.moments.length > 0 || evidence.urls.length > 0) && (
            <>
              <dt>{t('findings.evidence')}</dt>
              <dd>
                <ul>
                  {evidence.moments.map((m, i) => (
                    <li key={`t${i}`}>
                      {m.relativeToChoice === undefined
                        ? t('findings.atTime', { time: formatTime(m.t, lang) })
                        : t('findings.fromChoice', { time: `${m.relativeToChoice >= 0 ? '+' : ''}${formatTime(m.relativeToChoice, lang)}` })}
                    </li>
                  ))}
                  {evidence.urls.map((u) => (
                    <li key={u} class="url" title={u}>
                      {u}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {evidence.chain.length > 0 && (
            <>
              <dt>{t('findings.chain')}</dt>
              <dd>
                <ol class="chain">
                  {evidence.chain.map((step, i) => (
                    <li key={i}>
                      <code>{step}</code>
                    </li>
                  ))}
                </ol>
              </dd>
            </>
          )}
          <dt>{t('findings.fix')}</dt>
          <dd>{f.fix}</dd>
          {f.references.length > 0 && (
            <>
              <dt>{t('findings.references')}</dt>
              <dd>
                <ul>
                  {f.references.map((r) => (
                    <li key={r.title}>
                      {r.url?.startsWith('https://') ? (
                        <a href={r.url} target="_blank" rel="noreferrer">
                          {r.title}
                        </a>
                      ) : (
                        r.title
                      )}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {f.inconclusive && (
            <>
              <dt>{t('findings.inconclusive')}</dt>
              <dd>{f.inconclusive}</dd>
            </>
          )}
        </dl>
      </details>
    </li>
  );
}

function isRuleName(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

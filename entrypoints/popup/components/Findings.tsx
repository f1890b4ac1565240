import type { Finding } from '@/lib/model';
import { formatTime } from '@/lib/report/format';

export interface FindingsProps {
  findings: Finding[];
}

export function Findings({ findings }: FindingsProps) {
  if (!findings.length) return <p class="muted">No findings for this visit.</p>;
  return (
    <ul class="findings" data-testid="findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${i}`} class={`finding sev-${f.severity}`}>
          <details>
            <summary>
              <span class={`sev sev-${f.severity}`}>{f.severity}</span> {f.title}
            </summary>
            <dl>
              <dt>Rule</dt>
              <dd><code>{f.rule}</code> · phase {f.phase}{f.vendor ? ` · ${f.vendor.name}` : ''}</dd>
              <dt>Evidence</dt>
              <dd>
                <ul>
                  {f.evidence.times.map((t, j) => (
                    <li key={j}>
                      {formatTime(t)}
                      {f.evidence.relativeToChoice?.[j] !== undefined && ` (${formatTime(f.evidence.relativeToChoice[j] ?? 0)} from the choice)`}
                    </li>
                  ))}
                  {f.evidence.urls.map((u) => (
                    <li key={u} class="url" title={u}>{u}</li>
                  ))}
                </ul>
              </dd>
              <dt>Fix</dt>
              <dd>{f.fix}</dd>
              <dt>References</dt>
              <dd>{f.references.map((r) => r.title).join('; ')}</dd>
              {f.inconclusive && (<><dt>Inconclusive</dt><dd>{f.inconclusive}</dd></>)}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

import type { FindingGroup } from '@/lib/report/group';
import { groupLabel } from '@/lib/report/format';
import { useI18n } from '../i18n';
import { FindingItem } from './FindingItem';

export interface FindingGroupItemProps {
  group: FindingGroup;
}

/**
 * One vendor and rule on one line (most severe severity, vendor, rule name, how many findings, the earliest one from
 * the choice); its findings, each with its evidence, on demand. A group of one finding is that finding's own row.
 */
export function FindingGroupItem({ group }: FindingGroupItemProps) {
  const { t, lang } = useI18n();
  const [only] = group.findings;
  if (only && group.findings.length === 1) return <FindingItem finding={only} />;
  const label = groupLabel(group, lang);
  return (
    <li class="finding-group" data-severity={group.severity} data-rule={group.rule} data-testid="finding-group">
      <details>
        <summary>
          <span class={`sev sev-${group.severity}`}>{t(`severity.${group.severity}`)}</span>
          {group.vendor && <strong class="finding-vendor">{group.vendor.name}</strong>}
          <span class="group-rule">{label.rule}</span>
          <span class="muted group-meta">
            {label.count}
            {label.first && ` · ${label.first}`}
          </span>
        </summary>
        <ul class="findings group-findings">
          {group.findings.map((f, i) => (
            <FindingItem key={`${f.rule}-${i}`} finding={f} />
          ))}
        </ul>
      </details>
    </li>
  );
}

import type { Finding } from '@/lib/finding';
import { groupFindings } from '@/lib/report/group';
import { useI18n } from '../i18n';
import { FindingGroupItem } from './FindingGroupItem';

export interface FindingsProps {
  findings: readonly Finding[];
}

/** One row per vendor and rule, recording first and notes last (lib/report/rule-rank.ts). */
export function Findings({ findings }: FindingsProps) {
  const { t } = useI18n();
  if (!findings.length) return <p class="muted">{t('findings.none')}</p>;
  return (
    <ul class="findings" data-testid="findings">
      {groupFindings(findings).map((group) => (
        <FindingGroupItem key={group.key} group={group} />
      ))}
    </ul>
  );
}

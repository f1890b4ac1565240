import type { Finding } from '@/lib/finding';
import { sortFindings } from '@/lib/report/group';
import { useI18n } from '../i18n';
import { FindingItem } from './FindingItem';

export interface FindingsProps {
  findings: readonly Finding[];
}

export function Findings({ findings }: FindingsProps) {
  const { t } = useI18n();
  if (!findings.length) return <p class="muted">{t('findings.none')}</p>;
  return (
    <ul class="findings" data-testid="findings">
      {sortFindings(findings).map((f, i) => (
        <FindingItem key={`${f.rule}-${f.vendor?.id ?? ''}-${i}`} finding={f} />
      ))}
    </ul>
  );
}

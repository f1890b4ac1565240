import type { Translate } from '@/lib/i18n/translate';
import type { Report } from '@/lib/report/types';
import { Cookies } from './Cookies';
import { Findings } from './Findings';
import { Replay } from './Replay';
import { Requests } from './Requests';
import { Storage } from './Storage';
import { Timeline } from './Timeline';
import { Trackers } from './Trackers';

export const SECTIONS = ['findings', 'trackers', 'cookies', 'storage', 'replay', 'timeline', 'requests'] as const;
export type Section = (typeof SECTIONS)[number];

export interface ReportSectionProps {
  report: Report;
  section: Section;
  /** Wider layouts (the report page) give the timeline more room. */
  wide?: boolean;
}

export function ReportSection({ report, section, wide = false }: ReportSectionProps) {
  switch (section) {
    case 'findings':
      return <Findings findings={report.findings} />;
    case 'trackers':
      return <Trackers report={report} />;
    case 'cookies':
      return <Cookies report={report} />;
    case 'storage':
      return <Storage report={report} />;
    case 'replay':
      return <Replay report={report} />;
    case 'timeline':
      return <Timeline report={report} width={wide ? 900 : 520} maxRows={wide ? 200 : 40} />;
    case 'requests':
      return <Requests report={report} />;
  }
}

export function sectionLabel(section: Section, report: Report, t: Translate): string {
  switch (section) {
    case 'findings':
      return t('tab.findings', { n: report.findings.length });
    case 'trackers':
      return t('tab.trackers', { n: report.vendors.length + report.unclassifiedSites.length });
    case 'cookies':
      return t('tab.cookies', { n: report.cookies.length });
    case 'storage':
      return t('tab.storage', { n: report.storage.length });
    case 'replay':
      return t('tab.replay', { n: report.recorders.length });
    case 'timeline':
      return t('tab.timeline');
    case 'requests':
      return t('tab.requests', { n: report.summary.requests });
  }
}

import type { Finding } from '../finding';

/** The toolbar badge: the number of critical and high findings, coloured by the worst severity. */
export function badgeFor(findings: readonly Finding[]): { text: string; color: string } {
  const serious = findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  const worst = findings.some((f) => f.severity === 'critical')
    ? 'critical'
    : findings.some((f) => f.severity === 'high')
      ? 'high'
      : findings.length
        ? 'other'
        : 'none';
  const color = { critical: '#a40e26', high: '#bc4c00', other: '#57606a', none: '#57606a' }[worst];
  return { text: serious ? String(serious) : '', color };
}

export interface BadgeApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
}

/** Shows a tab's report on the toolbar badge (a closed tab's badge is gone: nothing to do). */
export function showBadge(action: BadgeApi, tabId: number, findings: readonly Finding[]): void {
  const badge = badgeFor(findings);
  void action.setBadgeText({ tabId, text: badge.text }).catch(() => undefined);
  void action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => undefined);
}

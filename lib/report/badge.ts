import type { Finding } from '../model';

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

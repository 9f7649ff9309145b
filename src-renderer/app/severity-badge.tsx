// Severity badge: the colour comes from the `sev-P0`… classes in styles.css, the text says it for screen readers.
import type { Severity } from '../../src-shared/protocol/index.js';

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = {
  P0: 'critical', P1: 'high', P2: 'medium', P3: 'low', P4: 'informational',
};

export function SeverityBadge({ severity }: { severity: Severity | undefined }) {
  if (!severity) return <span className="sev sev-none" aria-label="no severity">–</span>;
  return <span className={`sev sev-${severity}`} title={`${severity}: ${SEVERITY_NAMES[severity]}`}>{severity}</span>;
}

import type { Severity } from '../../model/common.js';

export type FailOn = Severity | 'none';

export interface ExitOptions {
  failOn: FailOn;
  exitZero: boolean;
}

/** Exit codes of CONTRACT.md; the table is also in the README. */
export const EXIT = { ok: 0, toolError: 1, usage: 2, findings: 3 } as const;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** 3 when a finding is at or above `--fail-on` (and `--exit-zero` is off), else 0. Only called once a report is written. */
export function exitCode(report: { findings: readonly { severity: Severity }[] }, options: ExitOptions): number {
  if (options.exitZero || options.failOn === 'none') return EXIT.ok;
  const floor = RANK[options.failOn];
  return report.findings.some((f) => RANK[f.severity] >= floor) ? EXIT.findings : EXIT.ok;
}

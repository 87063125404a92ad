import type { Report } from '../../model/report.js';
import { visible } from './sanitise.js';

/**
 * JUnit XML for CI and triage automation: one testcase per check (a finding is a failure, a check without its
 * input is skipped), shaped like cilium-cli's connectivity-test JUnit (cilium-cli/connectivity/check/junit.go:
 * testsuites > testsuite with properties > testcase name/classname/status).
 */
export function renderJunit(report: Report): string {
  const failures = report.checks.filter((c) => c.status === 'failed').length;
  const skipped = report.checks.filter((c) => c.status === 'not-evaluated').length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cilium-report" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${x(report.bundle.name)}" id="1" package="cilium-report" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}"${report.bundle.collectedAt ? ` timestamp="${x(report.bundle.collectedAt)}"` : ''}>`,
    '    <properties>',
    `      <property name="Cilium versions" value="${x(report.cluster.ciliumVersions.join(', '))}"></property>`,
    `      <property name="Kubernetes version" value="${x(report.cluster.kubernetesVersion ?? 'unknown')}"></property>`,
    `      <property name="Nodes" value="${report.cluster.nodes}"></property>`,
    `      <property name="cilium-cli" value="${x(report.bundle.ciliumCliVersion ?? 'unknown')}"></property>`,
    '    </properties>',
  ];
  for (const check of report.checks) {
    const status = check.status === 'not-evaluated' ? 'skipped' : check.status;
    lines.push(`    <testcase name="${x(`${check.id} ${check.slug}`)}" classname="${x(check.title)}" status="${status}">`);
    if (check.status === 'failed') {
      const findings = report.findings.filter((f) => f.slug === check.slug);
      const body = findings
        .map((f) => `[${f.severity}] ${f.message}\n${f.evidence.slice(0, 5).map((e) => `  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.excerpt}`).join('\n')}`)
        .join('\n\n');
      lines.push(`      <failure message="${x(`${findings.length} finding(s): ${findings[0]?.message ?? ''}`)}" type="${x(findings.some((f) => f.severity === 'error') ? 'error' : 'warning')}">${x(body)}</failure>`);
    } else if (check.status === 'not-evaluated') {
      lines.push(`      <skipped message="${x(report.notEvaluated.find((n) => n.slug === check.slug)?.reason ?? 'not evaluated')}"></skipped>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** XML text and attribute escaping; characters XML 1.0 cannot hold are replaced. */
function x(text: string): string {
  return visible(text, { lines: true })
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

import type { Severity } from '../../model/common.js';
import type { Finding, Report } from '../../model/report.js';
import type { FailOn } from './exit-code.js';

export interface JunitOptions {
  /**
   * Findings at or above this level fail their testcase, as `--fail-on` fails the run; findings below it are listed
   * in the testcase's `system-out` and the testcase passes. Default `error`.
   */
  failOn?: FailOn;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
import { visible } from './sanitise.js';

/**
 * JUnit XML for CI and triage automation: one testcase per check (a finding at or above `failOn` is a failure,
 * one below it is reported in `system-out` without failing, a check without its input is skipped). Only elements
 * and attributes of the Jenkins/Ant JUnit schema (junit-10.xsd, vendored under test/stages/render/xsd/) are
 * written, so strict consumers accept it; the shape follows cilium-cli's connectivity-test JUnit
 * (cilium-cli/connectivity/check/junit.go: testsuites > testsuite with properties > testcase).
 */
export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const failOn = options.failOn ?? 'error';
  const fails = (f: Finding) => failOn !== 'none' && RANK[f.severity] >= RANK[failOn];
  const bySlug = new Map<string, Finding[]>();
  for (const f of report.findings) bySlug.set(f.slug, [...(bySlug.get(f.slug) ?? []), f]);
  const failed = report.checks.filter((c) => (bySlug.get(c.slug) ?? []).some(fails)).length;
  const skipped = report.checks.filter((c) => c.status === 'not-evaluated').length;
  const tests = report.checks.length;
  // The checks run in microseconds each and are not timed one by one; `time` is there for consumers that require it.
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cilium-report" tests="${tests}" failures="${failed}" errors="0" time="0">`,
    `  <testsuite name="${x(report.bundle.name)}" id="1" package="cilium-report" tests="${tests}" failures="${failed}" errors="0" skipped="${skipped}" time="0"${report.bundle.collectedAt ? ` timestamp="${x(report.bundle.collectedAt)}"` : ''}>`,
    '    <properties>',
    `      <property name="Cilium versions" value="${x(report.cluster.ciliumVersions.join(', '))}"></property>`,
    `      <property name="Kubernetes version" value="${x(report.cluster.kubernetesVersion ?? 'unknown')}"></property>`,
    `      <property name="Nodes" value="${report.cluster.nodes}"></property>`,
    `      <property name="cilium-cli" value="${x(report.bundle.ciliumCliVersion ?? 'unknown')}"></property>`,
    `      <property name="fail-on" value="${failOn}"></property>`,
    '    </properties>',
  ];
  for (const check of report.checks) {
    lines.push(`    <testcase name="${x(`${check.id} ${check.slug}`)}" classname="${x(check.title)}" time="0">`);
    const findings = bySlug.get(check.slug) ?? [];
    const failing = findings.filter(fails);
    const passing = findings.filter((f) => !fails(f));
    if (failing.length > 0) {
      lines.push(
        `      <failure message="${x(`${failing.length} finding(s) at or above ${failOn}: ${failing[0]?.message ?? ''}`)}" type="${failing.some((f) => f.severity === 'error') ? 'error' : failing[0]?.severity ?? 'error'}">${x(body(failing))}</failure>`,
      );
    } else if (check.status === 'not-evaluated') {
      lines.push(`      <skipped message="${x(report.notEvaluated.find((n) => n.slug === check.slug)?.reason ?? 'not evaluated')}"></skipped>`);
    }
    if (passing.length > 0) lines.push(`      <system-out>${x(`${passing.length} finding(s) below --fail-on ${failOn}, reported without failing:\n\n${body(passing)}`)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function body(findings: readonly Finding[]): string {
  return findings.map((f) => `[${f.severity}] ${f.message}\n${f.evidence.slice(0, 5).map((e) => `  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.excerpt}`).join('\n')}`).join('\n\n');
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

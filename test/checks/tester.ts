import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckDefinition, MessageFn } from '../../src/checks/define.js';
import type { Bundle } from '../../src/model/bundle.js';
import type { Evidence } from '../../src/model/common.js';
import type { Finding } from '../../src/model/report.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { normalise } from '../../src/stages/normalise/index.js';
import { openBundle } from '../../src/stages/unpack/index.js';
import { assertFindingInvariants } from './invariants.js';

/** A small bundle given as files (path inside the sysdump root → content), read through the real pipeline. */
export type Files = Readonly<Record<string, string>>;

export interface ValidCase {
  name: string;
  files: Files;
  thresholds?: Readonly<Record<string, number>>;
}

export interface ExpectedFinding {
  messageId: string;
  /** Compared with the reported data key by key; keys not given are not compared. */
  data?: Readonly<Record<string, unknown>>;
  nodes: readonly string[];
  /** Every evidence entry, in order, by file and line. */
  evidence: readonly { file: string; line: number | null }[];
}

export interface InvalidCase extends ValidCase {
  findings: readonly ExpectedFinding[];
}

const TMP = new URL('../.tmp/checks/', import.meta.url).pathname;

/** Reads a bundle given as files through unpack and normalise, as the CLI would. */
export async function bundleOf(files: Files, dir: string): Promise<Bundle> {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  const fs = await openBundle(dir);
  try {
    return (await normalise(fs)).bundle;
  } finally {
    await fs.close();
  }
}

interface Reported {
  messageId: string;
  data: unknown;
  nodes: readonly string[];
  evidence: readonly Evidence[];
}

/**
 * The table-driven test of one check (house style 13): one `it` per case, the exact finding count, message ids
 * that exist, data, nodes and evidence file/line, and the finding invariants. A check must have a case that yields
 * two findings, so its grouping is tested too.
 */
export function checkTester(
  check: CheckDefinition<Record<string, MessageFn>, string>,
  cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] },
  /** Why this check can never report twice for one bundle, when that is so; otherwise a two-finding case is required. */
  options: { singleFinding?: string } = {},
): void {
  describe(`${check.id} ${check.slug}`, () => {
    after(() => rmSync(join(TMP, check.slug), { recursive: true, force: true }));

    it('has distinct case names and a case with two or more findings', () => {
      const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
      assert.equal(new Set(names).size, names.length, `duplicate case names in ${names.join(', ')}`);
      assert.ok(cases.valid.length > 0, 'no valid case');
      assert.ok(cases.invalid.length > 0, 'no invalid case');
      assert.ok(
        options.singleFinding !== undefined || cases.invalid.some((c) => c.findings.length >= 2),
        'no invalid case with two findings: add one so grouping is tested',
      );
      for (const c of cases.invalid) {
        for (const f of c.findings) assert.ok(f.messageId in check.messages, `${c.name}: unknown messageId "${f.messageId}"`);
      }
    });

    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        const { findings, reported, bundle } = await run(check, c);
        assert.equal(findings.length, 0, `expected no finding, got ${findings.length}: ${describeAll(reported)}`);
        void bundle;
      });
    }

    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const { findings, reported } = await run(check, c);
        assert.equal(
          reported.length,
          c.findings.length,
          `expected ${c.findings.length} finding(s), got ${reported.length}: ${describeAll(reported)}`,
        );
        const order = (r: { nodes: readonly string[]; messageId: string; evidence: readonly { file: string; line: number | null }[] }) =>
          `${[...r.nodes].sort().join(',')}\u0000${r.messageId}\u0000${r.evidence[0]?.file}\u0000${r.evidence[0]?.line}`;
        const actual = [...reported].sort((a, b) => order(a).localeCompare(order(b)));
        const expected = [...c.findings].sort((a, b) => order(a).localeCompare(order(b)));
        expected.forEach((want, i) => {
          const got = actual[i] as Reported;
          assert.equal(got.messageId, want.messageId, `finding ${i}: messageId`);
          assert.deepEqual([...new Set(got.nodes)].sort(), [...want.nodes].sort(), `finding ${i}: nodes`);
          for (const [key, value] of Object.entries(want.data ?? {})) {
            assert.deepEqual((got.data as Record<string, unknown>)[key], value, `finding ${i}: data.${key}`);
          }
          assert.deepEqual(
            got.evidence.map((e) => ({ file: e.file, line: e.line })),
            want.evidence.map((e) => ({ file: e.file, line: e.line })),
            `finding ${i}: evidence`,
          );
        });
        for (const f of findings) assertFindingInvariants(f, c.files);
      });
    }
  });
}

async function run(check: CheckDefinition<Record<string, MessageFn>, string>, c: ValidCase): Promise<{ findings: Finding[]; reported: Reported[]; bundle: Bundle }> {
  const bundle = await bundleOf(c.files, join(TMP, check.slug, c.name.replace(/[^\w.-]+/g, '_')));
  const reported: Reported[] = [];
  const result = runChecks(bundle, [check], {
    ...(c.thresholds ? { thresholds: c.thresholds } : {}),
    onReport: (_slug, r) => reported.push(r),
  });
  assert.deepEqual(result.diagnostics, [], 'the check crashed');
  return { findings: result.findings, reported, bundle };
}

function describeAll(reported: readonly Reported[]): string {
  return reported.length === 0
    ? '(none)'
    : reported.map((r) => `\n  ${r.messageId} [${r.nodes.join(', ')}] ${JSON.stringify(r.data)} @ ${r.evidence.map((e) => `${e.file}:${e.line}`).join(' ')}`).join('');
}

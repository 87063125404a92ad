import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli.js';
import { FORMATS } from '../../src/stages/render/index.js';
import type { Bundle } from '../../src/model/bundle.js';
import { normalise } from '../../src/stages/normalise/index.js';
import { openBundle } from '../../src/stages/unpack/index.js';
import { assertFindingInvariants } from '../checks/invariants.js';
import { assertGolden } from '../helpers/golden.js';

/**
 * End-to-end goldens for every sample bundle (house style 15): the model, report.json, and the Markdown report
 * with its command line and exit code. `UPDATE_GOLDENS=1 npm test` rewrites them, `GOLDEN_FILTER=seed` narrows the
 * run. The findings must be exactly those the sample was made with (`samples/<name>.expected.json`).
 */
const SAMPLES = new URL('../../samples/', import.meta.url).pathname;
const GOLDEN = new URL('./', import.meta.url).pathname;
const FILTER = process.env.GOLDEN_FILTER ?? '';

const samples = existsSync(SAMPLES)
  ? readdirSync(SAMPLES).filter((f) => /\.(zip|tar\.gz|tgz|tar)$/.test(f) && f.includes(FILTER)).sort()
  : [];

const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-golden-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function golden(name: string, actual: string): void {
  assertGolden(join(GOLDEN, name), actual);
}

/** The model as stable JSON: typed arrays as plain arrays, maps as objects, timings out. */
export function modelJson(bundle: Bundle): string {
  return `${JSON.stringify(
    bundle,
    (_key, value: unknown) => {
      if (value instanceof Map) return Object.fromEntries(value);
      if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isNaN(v) ? null : v));
      return value;
    },
    1,
  )}\n`;
}

/** Reads a file of the sample through the unpack stage, by virtual path, for the evidence invariants. */
async function bundleFiles(path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const fs = await openBundle(path);
  try {
    await fs.scan(async (entry) => {
      files.set(entry.path, (await entry.read()).toString('utf8'));
    });
  } finally {
    await fs.close();
  }
  return files;
}

describe('sample bundles', () => {
  it('has samples', () => assert.ok(samples.length > 0 || FILTER, `no sample bundles in ${SAMPLES}`));

  for (const sample of samples) {
    const base = sample.replace(/\.(zip|tar\.gz|tgz|tar)$/, '');
    describe(sample, () => {
      it('model golden', async () => {
        const fs = await openBundle(join(SAMPLES, sample));
        try {
          const { bundle } = await normalise(fs);
          golden(`${base}.model.json`, modelJson(bundle));
        } finally {
          await fs.close();
        }
      });

      it('report goldens, expected findings and finding invariants', async () => {
        const out = join(tmp, base);
        const stderr: string[] = [];
        const formats = ['json', 'md'].filter((f) => f in FORMATS).join(',');
        const args = [join('samples', sample), '-o', out, '-f', formats, '-q'];
        const code = await main([join(SAMPLES, sample), ...args.slice(1)], {
          stdout: { write: () => true },
          stderr: { write: (t: string) => stderr.push(t) },
          env: {},
        });
        assert.ok(code === 0 || code === 3, `exit code ${code}: ${stderr.join('')}`);
        const json = readFileSync(join(out, 'report.json'), 'utf8');
        const report = JSON.parse(json) as { findings: { id: string; slug: string; nodes: string[]; evidence: { file: string; line: number | null }[] }[] };
        golden(`${base}.report.json`, json);
        if (existsSync(join(out, 'report.md'))) {
          golden(`${base}.md`, `$ cilium-report ${args.join(' ').replace(out, '<out>')}\n\n${readFileSync(join(out, 'report.md'), 'utf8')}\nExit code: ${code}\n`);
        }

        const files = await bundleFiles(join(SAMPLES, sample));
        for (const f of report.findings) assertFindingInvariants(f as never, (p) => files.get(p));

        const expectedPath = join(SAMPLES, `${base}.expected.json`);
        assert.ok(existsSync(expectedPath), `missing ${base}.expected.json`);
        const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as { id: string; slug: string; nodes: string[]; file: string; line: number | null }[];
        const key = (x: { id: string; nodes: readonly string[] }) => `${x.id} ${[...x.nodes].sort().join(',')}`;
        assert.deepEqual(
          report.findings.map(key).sort(),
          expected.map(key).sort(),
          'too few or too many findings (by id and nodes)',
        );
        for (const e of expected) {
          const f = report.findings.find((x) => key(x) === key(e));
          assert.ok(
            f?.evidence.some((ev) => ev.file === e.file && (e.line === null || ev.line === e.line)),
            `${e.slug} on ${e.nodes.join(',')}: no evidence at ${e.file}:${e.line}`,
          );
        }
      });
    });
  }
});

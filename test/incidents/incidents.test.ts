import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderBundle } from '../../scripts/lib/bundle.js';
import { buildCluster, type Scenario } from '../../scripts/lib/scenario.js';
import { writeDir } from '../../scripts/lib/write.js';
import { analyse } from '../../src/index.js';
import type { Finding } from '../../src/model/report.js';
import { assertFindingInvariants } from '../checks/invariants.js';

/**
 * Bundles that reproduce real incidents from public Cilium issues (each folder's SOURCE names them): the finding
 * that names the cause must be among the first three, say what it is, and be no other finding's consequence;
 * the symptoms it explains must be marked as consequences.
 */
interface Expect {
  cause: { slug: string; nodes: string[]; message: string };
  /** Slugs whose every finding must be explained by some cause. */
  consequences?: string[];
  /** Findings (by slug and message) that must be explained by the cause itself. */
  explainedBy?: { slug: string; message: string }[];
}

const HERE = new URL('./', import.meta.url).pathname;
const incidents = readdirSync(HERE).filter((d) => statSync(join(HERE, d)).isDirectory()).sort();
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-incidents-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('incident bundles', () => {
  it('has the incidents of the issue: a fatal config error, a full pool, a full map, a kernel feature, the config init container, an OOM kill', () => {
    assert.deepEqual(incidents, ['bpf-policy-map-full', 'init-config-apiserver', 'ipam-pool-full', 'k3s-conntrack-fatal', 'kernel-nodeport-feature', 'oom-killed-agent']);
  });

  for (const name of incidents) {
    it(`${name}: the cause is among the first three findings and says what it is`, async () => {
      const dir = join(HERE, name);
      const source = readFileSync(join(dir, 'SOURCE'), 'utf8');
      assert.match(source, /https:\/\/github\.com\/cilium\/cilium\/issues\/\d+/, 'SOURCE cites no public Cilium issue');
      const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as Scenario;
      const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expect;
      const { files } = renderBundle(buildCluster(scenario));
      const out = join(tmp, name);
      await writeDir(files, out);
      const report = await analyse(out);

      const list = (fs: readonly Finding[]) => fs.map((f) => `\n  #${f.rank} ${f.slug} [${f.nodes.join(',')}]${f.explainedBy ? ` <- ${f.explainedBy}` : ''}: ${f.message}`).join('');
      const cause = report.findings.find((f) => f.slug === expect.cause.slug && new RegExp(expect.cause.message).test(f.message));
      assert.ok(cause, `no ${expect.cause.slug} finding matching /${expect.cause.message}/ in:${list(report.findings)}`);
      assert.ok((cause.rank ?? 99) <= 3, `the cause ranks #${cause.rank}:${list(report.findings)}`);
      assert.deepEqual(cause.nodes, expect.cause.nodes);
      assert.equal(cause.explainedBy, undefined, 'the cause is marked as a consequence');
      assert.ok(report.findings.slice(0, 3).some((f) => f === cause));

      for (const slug of expect.consequences ?? []) {
        const of = report.findings.filter((f) => f.slug === slug);
        assert.ok(of.length > 0, `no ${slug} finding to be explained:${list(report.findings)}`);
        for (const f of of) assert.ok(f.explainedBy, `${slug} is not marked as a consequence:${list([f])}`);
      }
      for (const e of expect.explainedBy ?? []) {
        const f = report.findings.find((x) => x.slug === e.slug && new RegExp(e.message).test(x.message));
        assert.ok(f, `no ${e.slug} finding matching /${e.message}/:${list(report.findings)}`);
        assert.equal(f.explainedBy, cause.key, `${e.slug} is not explained by the cause:${list([f])}`);
      }

      const text = new Map(files.map((f) => [f.path.slice(f.path.indexOf('/') + 1), f.content.toString('utf8')]));
      const root = files[0]?.path.slice(0, files[0].path.indexOf('/') + 1) ?? '';
      for (const f of report.findings) assertFindingInvariants(f, (p) => text.get(p.startsWith(root) ? p.slice(root.length) : p));
      assert.ok(existsSync(out));
    });
  }
});

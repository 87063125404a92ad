import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECKS } from '../../../src/checks/index.js';
import { main } from '../../../src/cli.js';
import { normalise } from '../../../src/stages/normalise/index.js';
import { AddressMapper } from '../../../src/stages/redact/ip.js';
import { vocabulary } from '../../../src/stages/redact/vocabulary.js';
import { openBundle } from '../../../src/stages/unpack/index.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const TEMPLATES = new URL('../../../templates/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-redact-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const silent = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };
const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;
const word = (name: string) => new RegExp(`(?<![A-Za-z0-9])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);

async function run(sample: string, out: string, ...args: string[]): Promise<Record<string, string>> {
  const code = await main([join(SAMPLES, sample), '-o', join(tmp, out), '-f', 'html,md,json,junit', ...args], silent);
  assert.ok(code === 0 || code === 3, `exit ${code}`);
  return Object.fromEntries(readdirSync(join(tmp, out)).map((f) => [f, readFileSync(join(tmp, out, f), 'utf8')]));
}

interface Finding {
  id: string;
  severity: string;
  nodes: string[];
  evidence: unknown[];
}
const shape = (outputs: Record<string, string>) =>
  (JSON.parse(outputs['report.json'] as string).findings as Finding[]).map((f) => `${f.id} ${f.severity} nodes=${f.nodes.length} evidence=${f.evidence.length}`).sort();

for (const sample of ['faults-1.18.zip', 'seed-1.10.zip']) {
  describe(`--redact on ${sample}`, () => {
    let plain: Record<string, string>;
    let redacted: Record<string, string>;
    let names: [string, string][];
    before(async () => {
      plain = await run(sample, `${sample}-plain`);
      redacted = await run(sample, `${sample}-redacted`, '--redact', '--redact-map', join(tmp, `${sample}-map.json`));
      const fs = await openBundle(join(SAMPLES, sample));
      names = vocabulary((await normalise(fs)).bundle);
      await fs.close();
    });

    it('leaves no original name or address in any byte of any format', () => {
      // Words the tool itself prints (check docs, headings) are not the bundle's, even when a label value matches one.
      const own = `${JSON.stringify(CHECKS.map((c) => c.docs))} ${readFileSync(join(TEMPLATES, 'report.hbs'), 'utf8')}`;
      const secret = names.filter(([name]) => !word(name).test(own));
      assert.ok(secret.some(([, kind]) => kind === 'node') && secret.some(([, kind]) => kind === 'pod'));
      const addresses = new Set(Object.values(plain).flatMap((text) => text.match(IPV4) ?? []).filter((ip) => !/^(127\.|0\.0\.0\.0|169\.254\.|255\.)/.test(ip)));
      assert.ok(addresses.size > 10);
      for (const [file, text] of Object.entries(redacted)) {
        for (const [name, kind] of secret) assert.doesNotMatch(text, word(name), `${kind} "${name}" in ${file}`);
        for (const ip of addresses) assert.doesNotMatch(text, new RegExp(`(?<![\\w.])${ip.replace(/\./g, '\\.')}(?![\\w]|\\.\\d)`), `${ip} in ${file}`);
      }
    });

    it('reports the same findings: ids, severities, node and evidence counts', () => {
      assert.deepEqual(shape(redacted), shape(plain));
      assert.ok(shape(plain).length > 0);
    });

    it('writes the mapping only to the --redact-map file', () => {
      const map = JSON.parse(readFileSync(join(tmp, `${sample}-map.json`), 'utf8')) as { names: Record<string, string>; addresses: Record<string, string> };
      const [node] = names.find(([, kind]) => kind === 'node') ?? [];
      const pseudonym = map.names[node as string] as string;
      assert.match(pseudonym, /^node-[0-9a-f]{8}$/);
      assert.ok(Object.values(redacted).some((text) => text.includes(pseudonym)));
      for (const text of Object.values(redacted)) assert.ok(!text.includes(JSON.stringify(map.names).slice(0, 40)));
    });
  });
}

describe('pseudonyms', () => {
  it('are stable with --redact-key and differ between runs without it', async () => {
    const a = await run('healthy-1.16.zip', 'key-a', '--redact-key', 'secret');
    const b = await run('healthy-1.16.zip', 'key-b', '--redact-key', 'secret');
    const c = await run('healthy-1.16.zip', 'key-c', '--redact');
    assert.equal(a['report.md'], b['report.md']);
    assert.notEqual(a['report.md'], c['report.md']);
  });

  it('keep subnet structure: one /24 stays one /24, members stay inside their mapped CIDR, networks keep zero host bits', () => {
    const m = new AddressMapper(Buffer.from('k'));
    const net = m.map('10.0.1.0/24');
    assert.match(net, /^\d+\.\d+\.\d+\.0\/24$/);
    const prefix = net.split('.').slice(0, 3).join('.');
    for (const ip of ['10.0.1.1', '10.0.1.77', '10.0.1.254']) assert.equal(m.map(ip).split('.').slice(0, 3).join('.'), prefix);
    assert.notEqual(m.map('10.0.2.5').split('.').slice(0, 3).join('.'), prefix);
    // Two nodes' /24s inside one /16 stay inside one /16.
    assert.equal(m.map('10.0.2.0/24').split('.').slice(0, 2).join('.'), net.split('.').slice(0, 2).join('.'));
    assert.equal(m.map('127.0.0.1'), '127.0.0.1');
    const v6 = m.map('fd00:10:244:1::5');
    assert.equal(m.map('fd00:10:244:1::6').split(':').slice(0, 4).join(':'), v6.split(':').slice(0, 4).join(':'));
    assert.equal(m.map('not-an-ip'), 'not-an-ip');
  });
});

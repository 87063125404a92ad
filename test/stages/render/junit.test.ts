import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { analyse } from '../../../src/index.js';
import type { Report } from '../../../src/model/report.js';
import { renderJunit } from '../../../src/stages/render/junit.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const XSD = readFileSync(new URL('./xsd/junit-10.xsd', import.meta.url), 'utf8');

async function assertValid(xml: string, name: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: `${name}.xml`, contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
  assert.ok(result.valid, `${name} is not valid against junit-10.xsd:\n${result.errors.map((e) => e.rawMessage).join('\n')}`);
}

const testcase = (xml: string, slug: string) => {
  const start = xml.indexOf(` ${slug}"`);
  assert.ok(start > 0, `no testcase for ${slug}`);
  return xml.slice(start, xml.indexOf('</testcase>', start));
};

describe('JUnit against the Jenkins/Ant schema (junit-10.xsd)', () => {
  let faults: Report;
  before(async () => {
    faults = await analyse(join(SAMPLES, 'faults-1.18.zip'));
  });

  it('the schema rejects what strict consumers reject (the validator is live)', async () => {
    const bad = renderJunit(faults).replace('<testcase ', '<testcase status="failed" ');
    const result = await validateXML({ xml: [{ fileName: 'bad.xml', contents: bad }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
    assert.equal(result.valid, false);
    assert.match(result.errors.map((e) => e.rawMessage).join('\n'), /status/);
  });

  for (const failOn of ['error', 'warning', 'info', 'none'] as const) {
    it(`every sample validates with --fail-on ${failOn}, with time attributes`, async () => {
      for (const sample of ['faults-1.18.zip', 'seed-1.10.zip', 'gaps-1.15.zip', 'healthy-1.16.zip', 'repack-1.14.tar.gz']) {
        const report = sample === 'faults-1.18.zip' ? faults : await analyse(join(SAMPLES, sample));
        const xml = renderJunit(report, { failOn });
        await assertValid(xml, `${sample}-${failOn}`);
        assert.match(xml, /<testsuites [^>]*time="0"/);
        assert.equal((xml.match(/<testcase [^>]*time="/g) ?? []).length, report.checks.length);
      }
    });
  }

  it('a warning fails its testcase only when --fail-on says so; below it, it is reported in system-out', () => {
    const warning = faults.findings.find((f) => f.severity === 'warning');
    assert.ok(warning, 'the faults sample has a warning finding');
    const byDefault = testcase(renderJunit(faults), warning.slug);
    assert.ok(!byDefault.includes('<failure'), byDefault);
    assert.match(byDefault, /<system-out>\d+ finding\(s\) below --fail-on error, reported without failing:/);
    assert.ok(byDefault.includes(warning.message.slice(0, 40).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')));
    const strict = testcase(renderJunit(faults, { failOn: 'warning' }), warning.slug);
    assert.match(strict, /<failure message="\d+ finding\(s\) at or above warning: /);
    const none = renderJunit(faults, { failOn: 'none' });
    assert.ok(!none.includes('<failure'), 'failOn none still failed a testcase');
    assert.match(none, /failures="0"/);
  });
});

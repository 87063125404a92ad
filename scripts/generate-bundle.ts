// Writes a realistic sysdump from a scenario (samples/scenarios/*.json), in the real layout and formats of the
// scenario's Cilium and cilium-cli versions, plus `<out>.expected.json`: the findings its faults must produce.
//
//   node --import tsx scripts/generate-bundle.ts --scenario samples/scenarios/seed-1.10.json --out samples/seed-1.10.zip
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderBundle } from './lib/bundle.js';
import { buildCluster, type Scenario } from './lib/scenario.js';
import { writeDir, writeTarGz, writeZip } from './lib/write.js';

export async function generate(scenario: Scenario, out: string, format: 'zip' | 'tar.gz' | 'dir'): Promise<void> {
  const { files, expected } = renderBundle(buildCluster(scenario));
  if (format === 'zip') await writeZip(files, out, !/^v0\.(1[6-9]\.|[2-9]\d)/.test(scenario.cliVersion) || /^v0\.16\.0$/.test(scenario.cliVersion));
  else if (format === 'tar.gz') await writeTarGz(files, out);
  else await writeDir(files, out);
  writeFileSync(`${out.replace(/\.(zip|tar\.gz|tgz)$/, '')}.expected.json`, `${JSON.stringify(expected, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { scenario: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } } });
  if (!values.scenario || !values.out) {
    process.stderr.write('usage: generate-bundle.ts --scenario <file.json> --out <bundle> [--format zip|tar.gz|dir]\n');
    process.exit(2);
  }
  const format = (values.format ?? (values.out.endsWith('.tar.gz') ? 'tar.gz' : values.out.endsWith('.zip') ? 'zip' : 'dir')) as 'zip' | 'tar.gz' | 'dir';
  await generate(JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario, values.out, format);
  process.stdout.write(`wrote ${values.out}\n`);
}

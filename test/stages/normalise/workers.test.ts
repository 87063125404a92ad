// Parse workers (src/stages/normalise/parse-pool.ts) take the files of a large bundle off the main thread. A
// report must not depend on where a file was parsed: every sample bundle gives the same model with the workers
// started from the first byte as with none, and a member that lies about its size is unreadable either way.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PARSERS } from '../../../src/parsers/index.js';
import { normalise } from '../../../src/stages/normalise/index.js';
import { ParsePool, type ParseReply } from '../../../src/stages/normalise/parse-pool.js';
import { openBundle } from '../../../src/stages/unpack/index.js';
import { rawZip } from '../../helpers/zip-writer.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cilium-report-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function model(path: string, workers: number) {
  const fs = await openBundle(path);
  try {
    // Files of 32 KiB and more go to the workers; the samples' outputs are smaller, so every file is sent here.
    return (await normalise(fs, { workers, workersAfterBytes: 0, offloadMinBytes: 0 })).bundle;
  } finally {
    await fs.close();
  }
}

/** The model with the lists whose order follows which file finished first put in a fixed order. */
function settled(bundle: Awaited<ReturnType<typeof model>>) {
  const byPath = <T extends { path?: string; file?: string }>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...bundle, ledger: byPath(bundle.ledger), diagnostics: byPath(bundle.diagnostics) };
}

describe('parse workers', () => {
  const samples = readdirSync(SAMPLES).filter((f) => /\.(zip|tar\.gz)$/.test(f));
  it('are tried on every sample bundle', () => assert.ok(samples.length >= 5));
  for (const sample of samples) {
    it(`give the same model as the main thread for ${sample}`, async () => {
      const main = await model(join(SAMPLES, sample), 0);
      const workers = await model(join(SAMPLES, sample), 1);
      assert.deepStrictEqual(settled(workers), settled(main));
      // Two workers number the rows they send each on their own (RowRefs).
      assert.deepStrictEqual(settled(await model(join(SAMPLES, sample), 2)), settled(main));
    });
  }

  it('send a node list row once: the same list again comes back as numbers of the rows sent before', async () => {
    // A real `cilium node list -o json` (the fixture's SOURCE), as two agents that agree print it.
    const text = readFileSync(new URL('../../parsers/fixtures/cilium-node-list-json/v1.16/input.json', import.meta.url));
    const parser = PARSERS.findIndex((p) => p.id === 'cilium-node-list' && p.format === 'json');
    const seen: ParseReply[] = [];
    const pool = new ParsePool(1, (_worker, reply) => seen.push(reply));
    try {
      // The third agent's output starts one line lower, so its rows (which carry their line) are new; the fourth
      // is the first again, found by key rather than by its place in the list before.
      const shifted = Buffer.concat([Buffer.from('Defaulted container "cilium-agent" out of: cilium-agent\n'), text]);
      for (const [pod, bytes] of [['cilium-a', text], ['cilium-b', text], ['cilium-c', shifted], ['cilium-d', text]] as const) {
        const job = { kind: 'text' as const, parser, buffer: new Uint8Array(bytes), file: `cilium-bugtool-${pod}-20240513-141502/cmd/cilium-dbg-node-list--o-json.md`, pod, superseded: null, floor: 10 };
        await pool.run(job);
      }
    } finally {
      await pool.close();
    }
    const [first, second, third, fourth] = seen.map((r) => (r.kind === 'text' ? r.outcome : null));
    const rows = (o: typeof first) => (o?.result?.data as { entries: unknown[] }).entries;
    const refs = (o: typeof first) => [...(o?.rowRefs?.nodes ?? [])];
    assert.ok(rows(first).length >= 2);
    assert.deepEqual(refs(first), rows(first).map(() => -1));
    assert.deepEqual(refs(second), rows(first).map((_, i) => i));
    assert.ok(rows(second).every((row) => row === null));
    assert.deepEqual(refs(third), rows(first).map(() => -1));
    assert.ok(rows(third).every((row) => row !== null) && third?.rowKeys?.nodes?.every((key) => key !== ''));
    assert.deepEqual(refs(fourth), rows(first).map((_, i) => i));
  });

  it('find a member that inflates past its declared size unreadable, as the main thread does', async () => {
    const path = join(dir, 'liar.zip');
    const root = 'cilium-sysdump-20240513-141502';
    writeFileSync(path, rawZip([
      { name: `${root}/cilium-sysdump.log`, content: '🔍 Collecting sysdump with cilium-cli version: v0.16.4, args: [sysdump]\n' },
      { name: `${root}/logs-cilium-abcde-cilium-agent-20240513-141502.log`, content: `${'2024-05-13T14:10:00.000000000Z level=info msg="Starting" subsys=daemon\n'.repeat(100)}`, method: 'deflate', declaredSize: 10 },
    ]));
    for (const workers of [0, 1]) {
      const bundle = await model(path, workers);
      const row = bundle.ledger.find((e) => e.path.endsWith('-cilium-agent-20240513-141502.log'));
      assert.equal(row?.status, 'unreadable', `workers: ${workers}`);
      assert.ok(bundle.diagnostics.some((d) => d.file === row?.path && d.message === 'Unreadable: Invalid zip entry: inflates past its declared 10 bytes'), `workers: ${workers}`);
    }
  });
});

// The losing form of an output (a command's text beside its JSON) is not read when the zip's central directory
// shows the preferred form in the same agent folder; it is read after all when the preferred one gives nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import yauzl from 'yauzl';
import { normalise } from '../../../src/stages/normalise/index.js';
import { openBundle } from '../../../src/stages/unpack/index.js';
import { rawTarGz } from '../../helpers/tar-writer.js';
import { rawZip, type RawEntry } from '../../helpers/zip-writer.js';

const SAMPLE = new URL('../../../samples/healthy-1.16.zip', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cilium-report-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every member of a zip, in order. */
function members(path: string): Promise<RawEntry[]> {
  return new Promise((resolve, reject) => {
    const out: RawEntry[] = [];
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, async (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          for await (const c of stream) chunks.push(c as Buffer);
          out.push({ name: entry.fileName, content: Buffer.concat(chunks), method: 'deflate' });
          zip.readEntry();
        });
      });
      zip.readEntry();
    });
  });
}

async function model(path: string) {
  const fs = await openBundle(path);
  try {
    return (await normalise(fs)).bundle;
  } finally {
    await fs.close();
  }
}

describe('reading plan', () => {
  it('leaves the text health status unread beside its JSON, and says so in the ledger', async () => {
    const bundle = await model(SAMPLE);
    const text = bundle.ledger.filter((l) => l.path.endsWith('/cmd/cilium-health-status---verbose.md'));
    assert.ok(text.length >= 3);
    assert.deepEqual([...new Set(text.map((l) => l.status))], ['superseded']);
    assert.ok(bundle.agents.every((a) => a.health === null || a.health.source === 'health-json'));
  });

  it('reads the text after all when the JSON holds only a command error', async () => {
    const entries = await members(SAMPLE);
    // The error as cilium-health prints it when its socket is gone (test/parsers/fixtures/cilium-health-status/_error_/api-unreachable).
    const error = 'Error: Cannot get status: Get "http://%2Fvar%2Frun%2Fcilium%2Fhealth.sock/v1beta/status": dial unix /var/run/cilium/health.sock: connect: no such file or directory\n\n> Error while running \'cilium-health status -o json\':  exit status 1\n';
    const broken = entries.find((e) => e.name.endsWith('/cmd/cilium-health-status--o-json.md')) as RawEntry;
    broken.content = error;
    const pod = /cilium-bugtool-(cilium-[a-z0-9]+)-/.exec(broken.name)?.[1];
    const path = join(dir, 'broken-json.zip');
    writeFileSync(path, rawZip(entries));
    const bundle = await model(path);
    const folder = broken.name.slice(0, broken.name.lastIndexOf('/cmd/'));
    const status = (suffix: string) => bundle.ledger.find((l) => l.path.endsWith(`${folder}/cmd/${suffix}`))?.status;
    assert.ok(['command-error', 'unreadable'].includes(status('cilium-health-status--o-json.md') ?? ''));
    assert.equal(status('cilium-health-status---verbose.md'), 'parsed');
    const agent = bundle.agents.find((a) => a.pod === pod);
    assert.equal(agent?.health?.source, 'health-text');
  });
});

describe('reading plan: the parts of debuginfo another file gives', () => {
  it('reads the service list from its JSON and debuginfo without it; endpoints (text only beside it) from debuginfo', async () => {
    const bundle = await model(SAMPLE);
    assert.ok(bundle.agents.length >= 3);
    for (const agent of bundle.agents) {
      assert.match(agent.services?.file ?? '', /cilium-dbg-service-list--o-json\.md$/);
      assert.match(agent.endpoints?.file ?? '', /cilium-debuginfo-.*\.json$/);
    }
    const rows = bundle.ledger.filter((l) => /cmd\/cilium-debuginfo-.*\.json$/.test(l.path));
    assert.equal(rows.length, bundle.agents.length);
    assert.deepEqual([...new Set(rows.map((l) => l.status))], ['parsed']);
  });

  it('reads debuginfo again whole when the service list JSON holds only a command error', async () => {
    const entries = await members(SAMPLE);
    const broken = entries.find((e) => e.name.endsWith('/cmd/cilium-dbg-service-list--o-json.md')) as RawEntry;
    // The error as bugtool appends it when the agent's API does not answer (sysdump-format.md §3).
    broken.content = "Error: cannot get services list: Get \"http://localhost/v1/service\": dial unix /var/run/cilium/cilium.sock: connect: connection refused\n\n> Error while running 'cilium-dbg service list -o json':  exit status 1\n";
    const pod = /cilium-bugtool-(cilium-[a-z0-9]+)-/.exec(broken.name)?.[1];
    const path = join(dir, 'broken-services.zip');
    writeFileSync(path, rawZip(entries));
    const bundle = await model(path);
    const agent = bundle.agents.find((a) => a.pod === pod);
    assert.match(agent?.services?.file ?? '', /cilium-debuginfo-.*\.json$/);
    assert.ok((agent?.services?.services.length ?? 0) > 0);
    const others = bundle.agents.filter((a) => a.pod !== pod);
    assert.ok(others.every((a) => /service-list--o-json\.md$/.test(a.services?.file ?? '')));
    const folder = broken.name.slice(0, broken.name.lastIndexOf('/cmd/'));
    const rows = bundle.ledger.filter((l) => l.path.startsWith(`${folder}/cmd/cilium-debuginfo-`));
    assert.deepEqual(rows.map((l) => l.status), ['parsed']);
  });
});

describe('reading plan without a member list (the sample re-packed as a tar.gz, in the zip order)', () => {
  async function asTarGz(name: string, change?: (entries: RawEntry[]) => void): Promise<string> {
    const entries = await members(SAMPLE);
    change?.(entries);
    const path = join(dir, name);
    writeFileSync(path, rawTarGz(entries.map((e) => ({ name: e.name, content: e.content ?? '' }))));
    return path;
  }

  it('holds the text health status until the agent folder ends and does not parse it when the JSON gave data', async () => {
    const bundle = await model(await asTarGz('sample.tar.gz'));
    const text = bundle.ledger.filter((l) => l.path.endsWith('/cmd/cilium-health-status---verbose.md'));
    assert.ok(text.length >= 3);
    assert.deepEqual([...new Set(text.map((l) => l.status))], ['superseded']);
    assert.ok(bundle.agents.every((a) => a.health === null || a.health.source === 'health-json'));
    // debuginfo comes after the service list JSON in the folder, so its copy is left unread.
    assert.ok(bundle.agents.every((a) => /service-list--o-json\.md$/.test(a.services?.file ?? '')));
  });

  it('parses the held text when the JSON holds only a command error', async () => {
    let pod: string | undefined;
    const path = await asTarGz('broken-json.tar.gz', (entries) => {
      const broken = entries.find((e) => e.name.endsWith('/cmd/cilium-health-status--o-json.md')) as RawEntry;
      broken.content = "Error: Cannot get status: Get \"http://%2Fvar%2Frun%2Fcilium%2Fhealth.sock/v1beta/status\": dial unix /var/run/cilium/health.sock: connect: no such file or directory\n\n> Error while running 'cilium-health status -o json':  exit status 1\n";
      pod = /cilium-bugtool-(cilium-[a-z0-9]+)-/.exec(broken.name)?.[1];
    });
    const bundle = await model(path);
    assert.equal(bundle.agents.find((a) => a.pod === pod)?.health?.source, 'health-text');
    assert.ok(bundle.agents.filter((a) => a.pod !== pod).every((a) => a.health === null || a.health.source === 'health-json'));
  });
});

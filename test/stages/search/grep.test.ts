import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli.js';
import { analyse } from '../../../src/index.js';
import { type GrepMatch, grepBundle } from '../../../src/stages/search/grep.js';
import { matchesIn } from '../../../src/stages/search/match.js';
import { parseQuery } from '../../../src/stages/search/query.js';
import { forEachRegion } from '../../../src/stages/search/regions.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-grep-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The matched substrings of one line. */
function found(line: string, query: string): string[] {
  const buf = Buffer.from(line, 'latin1');
  const out: string[] = [];
  matchesIn(buf, 0, buf.length, parseQuery(query), (s, e) => out.push(buf.toString('latin1', s, e)));
  return out;
}

async function grep(bundle: string, query: string): Promise<GrepMatch[]> {
  const out: GrepMatch[] = [];
  await grepBundle(bundle, query, (m) => out.push(m));
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

describe('grep matching', () => {
  it('an IPv4 address matches as a whole address only', () => {
    assert.deepEqual(found('a 10.0.3.17 b 10.0.3.1:4240 110.0.3.1 10.0.3.1.5 ip=10.0.3.1, 10.0.3.12', '10.0.3.1'), ['10.0.3.1', '10.0.3.1']);
    assert.deepEqual(found('10.0.3.1', '10.0.3.1'), ['10.0.3.1']);
  });

  it('a CIDR matches every address inside it, with or without a port or prefix length, and nothing outside', () => {
    assert.deepEqual(found('10.0.3.17 10.0.30.1 110.0.3.5 10.0.3.200/26 [10.0.3.9]:80 10.0.2.255 10.0.3.256', '10.0.3.0/24'), ['10.0.3.17', '10.0.3.200', '10.0.3.9']);
    assert.deepEqual(found('10.0.0.1 10.15.255.1 10.16.0.1', '10.0.0.0/12'), ['10.0.0.1', '10.15.255.1']);
    // Shorter than an octet: no fixed bytes to search for, every dotted quad is looked at.
    assert.deepEqual(found('x=1.2.3.4 y=17.0.0.1 z=15.255.255.255', '0.0.0.0/4'), ['1.2.3.4', '15.255.255.255']);
  });

  it('IPv6: any spelling of the address, inside brackets, and CIDRs', () => {
    assert.deepEqual(found('fd00::1 fd00:0::1 [fd00::1]:4240 fd00::10 fd00::1:2', 'fd00::1'), ['fd00::1', 'fd00:0::1', 'fd00::1']);
    assert.deepEqual(found('fd00::a:1 fd01::1 2001:db8::1', 'fd00::/16'), ['fd00::a:1']);
    assert.deepEqual(found('time 14:15:02 mac aa:bb:cc:dd:ee:ff', '::/0'), []);
  });

  it('text is literal and case-sensitive; -F reads an address as text', () => {
    assert.deepEqual(found('a.b a*b aXb', 'a.b'), ['a.b']);
    assert.equal(parseQuery('10.0.3.1', { literal: true }).kind, 'text');
    assert.equal(parseQuery('10.0.3.0/24').kind, 'ipv4-cidr');
    assert.throws(() => parseQuery('10.0.3.0/40'), /not a CIDR/);
  });

  it('regions never cut a line, whatever the chunks; line numbers run across them', async () => {
    const text = 'one\ntwo 10.0.3.17\nthree\nfour 10.0.3.17\n';
    for (const size of [1, 2, 3, 5, 7, 100]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));
      const lines: number[] = [];
      await forEachRegion(
        (async function* () {
          yield* chunks;
        })(),
        (buf, first) => {
          let line = first;
          for (const l of buf.toString('latin1').split('\n')) {
            if (l.includes('10.0.3.17')) lines.push(line);
            line++;
          }
        },
      );
      assert.deepEqual(lines, [2, 4], `chunks of ${size}`);
    }
  });
});

describe('grep over a bundle', () => {
  it('finds every line an independent unzip | grep finds, with the same line numbers', async () => {
    const zip = join(SAMPLES, 'seed-1.10.zip');
    const ip = '10.20.9.11';
    const expected: string[] = [];
    for (const member of execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter((m) => m && !m.endsWith('/'))) {
      const lines = execFileSync('unzip', ['-p', zip, member], { encoding: 'latin1', maxBuffer: 1 << 28 }).split('\n');
      lines.forEach((l, i) => {
        if (new RegExp(`(?<![\\d.])${ip.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`).test(l)) expected.push(`${member}:${i + 1}`);
      });
    }
    assert.ok(expected.length > 10, 'the oracle found too little to compare');
    assert.deepEqual((await grep(zip, ip)).map((m) => `${m.file}:${m.line}`), expected.sort((a, b) => a.localeCompare(b) || 0).sort((a, b) => {
      const [fa, la] = [a.slice(0, a.lastIndexOf(':')), Number(a.slice(a.lastIndexOf(':') + 1))];
      const [fb, lb] = [b.slice(0, b.lastIndexOf(':')), Number(b.slice(b.lastIndexOf(':') + 1))];
      return fa.localeCompare(fb) || la - lb;
    }));
  });

  it('reads nested bugtool archives in the same pass, with the lines an unzip | tar -xzO shows', async () => {
    const zip = join(SAMPLES, 'gaps-1.15.zip');
    const archive = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').find((m) => m.endsWith('.tar.gz')) as string;
    const packed = execFileSync('unzip', ['-p', zip, archive], { maxBuffer: 1 << 28 });
    const member = execFileSync('tar', ['-tzf', '-'], { input: packed, encoding: 'utf8' }).split('\n').find((m) => m.endsWith('cilium-dbg-node-list.md')) as string;
    const lines = execFileSync('tar', ['-xzOf', '-', member], { input: packed, encoding: 'utf8' }).split('\n');
    const at = lines.findIndex((l, i) => i > 0 && l.trim().length > 20);
    const text = (lines[at] as string).trim().slice(0, 30);
    const matches = await grep(zip, text);
    assert.ok(matches.some((m) => m.file === `${archive}!/${member}` && m.line === at + 1), `${JSON.stringify(text)} not found at ${archive}!/${member}:${at + 1}: ${JSON.stringify(matches.map((m) => `${m.file}:${m.line}`))}`);
  });

  it('every evidence line of a report is found by grep where the report cites it (tar.gz too)', async () => {
    for (const sample of ['faults-1.18.zip', 'repack-1.14.tar.gz']) {
      const bundle = join(SAMPLES, sample);
      const report = await analyse(bundle);
      const cited = report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== null && e.excerpt.trim().length > 12 && !e.excerpt.includes('…'));
      assert.ok(cited.length > 0);
      for (const e of cited.slice(0, 6)) {
        const text = e.excerpt.trim().slice(0, 40);
        const all: GrepMatch[] = [];
        await grepBundle(bundle, text, (m) => all.push(m), { literal: true });
        assert.ok(all.some((m) => m.file === e.file && m.line === e.line), `${sample}: ${JSON.stringify(text)} not found at ${e.file}:${e.line}`);
      }
    }
  });

  it('the CLI prints file:line: line, exits 0/1/2 as grep does, and escapes what would drive the terminal', async () => {
    const dir = join(tmp, 'bundle');
    mkdirSync(join(dir, 'cilium-sysdump-20240101-000000'), { recursive: true });
    writeFileSync(join(dir, 'cilium-sysdump-20240101-000000', 'cilium-sysdump.log'), 'start\n\u001b]0;owned\u0007 node 10.0.3.17 \u202eevil\nend 10.0.3.170\n');
    writeFileSync(join(dir, 'cilium-sysdump-20240101-000000', 'blob.bin'), Buffer.from([0, 1, 2, 49, 48, 46, 48, 46, 51, 46, 49, 55]));
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} };
    assert.equal(await main(['grep', dir, '10.0.3.17'], io), 0);
    assert.equal(stdout, 'cilium-sysdump-20240101-000000/cilium-sysdump.log:2: \\x1b]0;owned\\x07 node 10.0.3.17 \\u202eevil\n');
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/.test(stdout), 'a control character reached the terminal');
    assert.match(stderr, /1 binary file\(s\) not searched/);
    stdout = '';
    assert.equal(await main(['grep', dir, '10.0.3.0/24', '-c'], io), 0);
    assert.equal(stdout, 'cilium-sysdump-20240101-000000/cilium-sysdump.log:2\n');
    stdout = '';
    assert.equal(await main(['grep', dir, '10.9.9.9'], io), 1);
    assert.equal(stdout, '');
    assert.equal(await main(['grep', dir], io), 2);
    assert.equal(await main(['grep', join(tmp, 'nope.zip'), 'x'], io), 2);
  });
});

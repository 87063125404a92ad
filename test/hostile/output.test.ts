import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { healthyBundle } from './corpus.js';

/**
 * Hostile places to write to: links planted where the reports or the redaction map go, a default output folder
 * that is a link, a file, a device, procfs, a FIFO or an unwritable folder in the way. Each through the real CLI:
 * nothing is written through a link or outside the output folder, and a place that cannot be written is one
 * plain line and exit 1, never a stack trace or a hang.
 */
const CLI = new URL('../../scripts/cli.ts', import.meta.url).pathname;
// Resolved here: the CLI runs in other folders, from which `--import tsx` would not find the package.
const TSX = import.meta.resolve('tsx');
const work = mkdtempSync(join(tmpdir(), 'cilium-report-output-'));
const immutable: string[] = [];
after(() => {
  for (const dir of immutable) spawnSync('chattr', ['-i', dir]);
  rmSync(work, { recursive: true, force: true });
});

let bundle = '';
before(async () => {
  bundle = join(work, 'sysdump.zip');
  writeFileSync(bundle, await healthyBundle());
});

function cli(args: readonly string[], cwd = work) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.signal, null, `killed (${r.signal}): a hang`);
  return r;
}

/** Exit 1 with one line on stderr matching `pattern`, and no stack trace. */
function oneLine(r: ReturnType<typeof cli>, pattern: RegExp): void {
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.stderr}`);
  assert.match(lines[0] as string, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
}

describe('hostile output places', () => {
  it('replaces a link planted at a report file instead of writing through it', () => {
    const dir = join(work, 'planted');
    mkdirSync(dir);
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(dir, 'report.md'));
    const r = cli([bundle, '-o', dir, '-f', 'md,json']);
    assert.ok(r.status === 0 || r.status === 3, r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'keep me');
    assert.ok(lstatSync(join(dir, 'report.md')).isFile(), 'report.md is still a link');
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /^# cilium-report: sysdump\.zip/);
    assert.deepEqual(readdirSync(dir).sort(), ['report.json', 'report.md'], 'a temporary file was left behind');
  });

  it('writes over a FIFO at a report name without blocking on it', () => {
    const dir = join(work, 'fifo');
    mkdirSync(dir);
    assert.equal(spawnSync('mkfifo', [join(dir, 'report.json')]).status, 0);
    const r = cli([bundle, '-o', dir, '-f', 'json']);
    assert.ok(r.status === 0 || r.status === 3, r.stderr);
    assert.ok(lstatSync(join(dir, 'report.json')).isFile());
  });

  it('refuses a default output folder that is a link, and follows one the user named', () => {
    const cwd = join(work, 'cwd');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(cwd);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(cwd, 'cilium-report-sysdump'));
    oneLine(cli([bundle, '-f', 'md'], cwd), /^cilium-report: Output folder "\.\/cilium-report-sysdump" is a symbolic link to ".*elsewhere": not followed, since the folder's name came from the bundle/);
    assert.deepEqual(readdirSync(elsewhere), []);
    const named = cli([bundle, '-f', 'md', '-o', 'cilium-report-sysdump'], cwd);
    assert.ok(named.status === 0 || named.status === 3, named.stderr);
    assert.deepEqual(readdirSync(elsewhere), ['report.md']);
  });

  it('writes the redaction map with mode 0600, replacing a file or a link there', () => {
    const victim = join(work, 'map-victim.txt');
    writeFileSync(victim, 'keep me');
    const link = join(work, 'map-link.json');
    symlinkSync(victim, link);
    const loose = join(work, 'map-loose.json');
    writeFileSync(loose, 'old', { mode: 0o644 });
    chmodSync(loose, 0o644);
    for (const map of [link, loose]) {
      const r = cli([bundle, '-o', join(work, `redacted-${map.endsWith('link.json') ? 'a' : 'b'}`), '-f', 'json', '--redact-map', map]);
      assert.ok(r.status === 0 || r.status === 3, r.stderr);
      const info = lstatSync(map);
      assert.ok(info.isFile(), `${map} is not a file`);
      assert.equal(info.mode & 0o777, 0o600);
      assert.match(readFileSync(map, 'utf8'), /^\{/);
    }
    assert.equal(readFileSync(victim, 'utf8'), 'keep me');
  });

  it('says in one line when the output folder is a file, a device, under /proc, or cannot be written', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    oneLine(cli([bundle, '-o', file]), /^cilium-report: Cannot write the report to ".*a-file": it is a file, not a folder/);
    oneLine(cli([bundle, '-o', join(file, 'sub')]), /^cilium-report: Cannot write the report to ".*a-file\/sub": a part of the path is a file, not a folder/);
    oneLine(cli([bundle, '-o', '/dev/null']), /^cilium-report: Cannot write the report to "\/dev\/null": \/dev holds devices, not files/);
    oneLine(cli([bundle, '-o', '/proc/self/cilium-report']), /^cilium-report: Cannot write the report to "\/proc\/self\/cilium-report": \/proc holds kernel state, not files/);
    // A link to /proc is refused where it leads.
    symlinkSync('/proc/self', join(work, 'to-proc'));
    oneLine(cli([bundle, '-o', join(work, 'to-proc', 'x')]), /\/proc holds kernel state/);
    oneLine(cli([bundle, '-o', join(work, 'ok'), '--redact-map', '/dev/stdout']), /^cilium-report: Cannot write the redaction map to "\/dev\/stdout": \/dev holds devices/);
    assert.ok(existsSync('/dev/stdout'));

    // Root writes anywhere a mode allows nothing; an immutable folder stops it too.
    const locked = join(work, 'locked');
    mkdirSync(locked);
    if (process.getuid?.() === 0) {
      if (spawnSync('chattr', ['+i', locked]).status !== 0) return;
      immutable.push(locked);
    } else chmodSync(locked, 0o555);
    oneLine(cli([bundle, '-o', locked, '-f', 'md']), /^cilium-report: Cannot write report\.md to ".*locked\/report\.md": (permission denied|not permitted)/);
    assert.deepEqual(readdirSync(locked), []);
    assert.ok(statSync(locked).isDirectory());
  });
});

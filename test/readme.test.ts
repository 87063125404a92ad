import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = new URL('../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-readme-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const project = join(tmp, 'project');

/** The README's fenced code blocks, with their language and the line they start on. */
function blocks(): { lang: string; code: string; line: number }[] {
  const out: { lang: string; code: string; line: number }[] = [];
  const lines = README.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    out.push({ lang: open[1] ?? '', code: body.join('\n'), line: start + 1 });
  }
  return out;
}

/** A shell command of the package: what the test runs. Anything else is a step of a clone or of Docker. */
function packageCommand(part: string): string | null {
  const command = part.replace(/\s+#.*$/, '').trim();
  const m = /^(?:npx )?(cilium-report\b.*|node build\/cilium-report\.mjs\b.*)$/.exec(command);
  return m ? (m[1] as string).replace(/^node build\//, 'node build/') : null;
}
/** Commands that are not the package's, and where they are tested instead. */
const OTHER = [/^npm (install|test|run|ci)\b/, /^UPDATE_(GOLDENS|SCREENSHOT)=1 npm test/, /^docker (build|run)\b/, /^node --import tsx /];

describe('every code block of the README runs against the packed package', () => {
  before(() => {
    // npm pack runs `prepare` (the tsc build), as a publish would.
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop() as string;
    const pkg = join(project, 'node_modules', 'cilium-report');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', pkg, '--strip-components=1']);
    // Offline: the package's declared dependencies, and nothing else, from this checkout's node_modules.
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of [...Object.keys(manifest.dependencies), '@types/node']) {
      mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep));
    }
    mkdirSync(join(project, 'node_modules', '.bin'));
    symlinkSync('../cilium-report/bin/cilium-report.js', join(project, 'node_modules', '.bin', 'cilium-report'));
    chmodSync(join(pkg, 'bin', 'cilium-report.js'), 0o755);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'readme-examples', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['*.ts'] }),
    );
    symlinkSync(join(ROOT, 'samples'), join(project, 'samples'));
    copyFileSync(join(ROOT, 'samples', 'seed-1.10.zip'), join(project, 'sysdump.zip'));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-single.mjs'), '--out', join(project, 'build', 'cilium-report.mjs')], { stdio: 'pipe' });
  });

  it('the package holds the build, the LICENSE and the schema, and needs no test-only dependency', () => {
    const pkg = join(project, 'node_modules', 'cilium-report');
    for (const f of ['LICENSE', 'README.md', 'report.schema.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'templates/report.hbs', 'bin/cilium-report.js']) assert.ok(existsSync(join(pkg, f)), `${f} is not in the package`);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.ok(!('marked' in manifest.dependencies), 'marked is only used by tests');
    assert.match(readFileSync(join(pkg, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
  });

  const ts = blocks().filter((b) => b.lang === 'ts');
  it('has library examples to run', () => assert.ok(ts.length >= 2));

  it('the library examples type-check from .ts with the project\'s tsc', () => {
    ts.forEach((b, i) => writeFileSync(join(project, `example-${i}.ts`), b.code));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  for (const [i, b] of ts.entries()) {
    it(`the library example at README.md:${b.line} runs from .mjs`, () => {
      writeFileSync(join(project, `example-${i}.mjs`), b.code);
      const r = spawnSync(process.execPath, [`example-${i}.mjs`], { cwd: project, encoding: 'utf8' });
      assert.equal(r.status, 0, `README.md:${b.line}\n${r.stderr}`);
      assert.ok(r.stdout.length > 0, 'printed nothing');
    });
  }

  const sh = blocks().filter((b) => b.lang === 'sh');
  const commands = sh.flatMap((b) => b.code.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).map((l) => ({ line: l.trim(), at: b.line })));
  it('every shell line is a package command (run below) or a clone or Docker step tested elsewhere', () => {
    for (const { line, at } of commands) {
      for (const part of line.split('&&').map((p) => p.trim())) {
        assert.ok(packageCommand(part) !== null || OTHER.some((re) => re.test(part)), `README.md:${at}: "${part}" is neither`);
      }
    }
  });

  for (const { line, at } of commands) {
    for (const part of line.split('&&').map((p) => p.trim())) {
      const command = packageCommand(part);
      if (!command) continue;
      it(`README.md:${at}: ${command}`, () => {
        const r = spawnSync('bash', ['-c', command], { cwd: project, encoding: 'utf8', env: { ...process.env, PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH}` } });
        // 3 means a report was written and it has findings, as the samples do.
        assert.ok(r.status === 0 || r.status === 3, `exit ${r.status}: ${r.stderr}`);
      });
    }
  }

  it('the Action example is valid YAML that passes a bundle', () => {
    const yaml = blocks().filter((b) => b.lang === 'yaml');
    assert.ok(yaml.length > 0);
    for (const b of yaml) {
      const steps = parse(b.code) as { uses: string; with?: Record<string, string> }[];
      assert.ok(steps.some((s) => /cilium-report@/.test(s.uses) && s.with?.bundle), `README.md:${b.line}`);
    }
  });
});

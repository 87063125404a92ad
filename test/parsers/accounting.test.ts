import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Parser, parseWhole } from '../../src/parsers/define.js';
import { PARSERS } from '../../src/parsers/index.js';
import { LineAccount, outputLines } from '../../src/parsers/util/text.js';

/**
 * No silent drops: every text parser accounts for every non-blank line of every fixture it has, consuming it as a
 * header, separator or record or naming it in a diagnostic (`ParseResult.unaccounted` is empty). A parser that
 * does not report its accounting fails too, so a new text parser cannot skip it.
 */
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** Text parsers: whole-file parsers of command output and logs (JSON, YAML and streamed parsers are not). */
const TEXT_PARSERS = PARSERS.filter((p) => p.kind === 'text' && (p.format === 'text' || p.format === 'log'));

function casesOf(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    if (entry === '_error_') out.push(...casesOf(full));
    else out.push(full);
  }
  return out;
}

describe('line accounting over every parser fixture', () => {
  it('covers every text parser with at least one fixture', () => {
    const missing = TEXT_PARSERS.filter((p) => !existsSync(join(FIXTURES, p.id))).map((p) => p.id);
    assert.deepEqual(missing, []);
  });

  for (const parser of TEXT_PARSERS) {
    const root = join(FIXTURES, parser.id);
    if (!existsSync(root)) continue;
    for (const folder of casesOf(root)) {
      const name = folder.slice(FIXTURES.length);
      it(name, () => {
        const input = readdirSync(folder).find((f) => f.startsWith('input.')) as string;
        const text = readFileSync(join(folder, input), 'utf8');
        const result = parseWhole(parser as Parser, text, `fixture/${input}`);
        assert.ok(result.unaccounted, `${parser.id} does not report which lines it read (ParseResult.unaccounted)`);
        const lines = text.split(/\r?\n/);
        const shown = result.unaccounted.map((n) => `${n}: ${JSON.stringify((lines[n - 1] ?? '').slice(0, 100))}`);
        assert.deepEqual(shown, [], `${name}: lines neither read nor named in a diagnostic`);
      });
    }
  }
});

describe('LineAccount and the shared prefix rule', () => {
  it('names the lines neither taken nor in a diagnostic, and none that are blank', () => {
    const account = new LineAccount(['a', '', 'b', 'c', '  ']);
    account.take(1);
    assert.deepEqual(account.unaccounted([{ file: 'f', line: 4, level: 'warning', message: 'x' }]), [3]);
  });

  it('strips `# ` from every line when every line carries it, and nothing when one does not', () => {
    assert.deepEqual(outputLines('# KVStore:   Ok   Disabled\n# Kubernetes:   Ok   1.29\n').text, ['KVStore:   Ok   Disabled', 'Kubernetes:   Ok   1.29']);
    assert.deepEqual(outputLines('KVStore:   Ok   Disabled   # not a prefix\n# Kubernetes:   Ok\n').text, ['KVStore:   Ok   Disabled   # not a prefix', '# Kubernetes:   Ok']);
  });

  it('strips a CI prefix whose first line has a leading space, and a stray space on the first line alone', () => {
    assert.deepEqual(outputLines(' \t KVStore:   Ok\n\t Kubernetes:   Ok\n\t   sub\n').text, ['KVStore:   Ok', 'Kubernetes:   Ok', '  sub']);
    assert.deepEqual(outputLines(' KVStore:   Ok\nKubernetes:   Ok\n  sub\n').text, ['KVStore:   Ok', 'Kubernetes:   Ok', '  sub']);
    assert.deepEqual(outputLines('    KVStore:   Ok\n    Kubernetes:   Ok\n      sub\n').text, ['KVStore:   Ok', 'Kubernetes:   Ok', '  sub']);
  });
});

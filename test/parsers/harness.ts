import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Parser, parseWhole } from '../../src/parsers/define.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDENS === '1';

/**
 * Golden tests for one parser (house style 14): every folder under `test/parsers/fixtures/<dir>/` (and under its
 * `_error_/`) holds `input.<ext>` (real output), `SOURCE` (where it came from and the Cilium version) and
 * `expected.json` (the parse result). An optional `file` file gives the virtual path passed to the parser.
 * `UPDATE_GOLDENS=1` rewrites the expected files; read the diff before committing it.
 */
export function parserGoldens(parser: Parser, dir: string = parser.id): void {
  const root = join(FIXTURES, dir);
  const cases = listCases(root);
  describe(`${parser.id} (${parser.format}) goldens`, () => {
    it('has at least one case', () => assert.ok(cases.length > 0, `no fixture cases under ${root}`));
    for (const folder of cases) {
      const name = folder.slice(root.length + 1);
      it(name, () => {
        const input = readdirSync(folder).find((f) => f.startsWith('input.'));
        assert.ok(input, `${name}: missing input.* file`);
        assert.ok(existsSync(join(folder, 'SOURCE')), `${name}: missing SOURCE file (where the output came from)`);
        const fileHint = join(folder, 'file');
        const file = existsSync(fileHint) ? readFileSync(fileHint, 'utf8').trim() : `fixture/${input}`;
        // Which lines were left unaccounted for is asserted apart, over every fixture (accounting.test.ts).
        const { unaccounted: _unaccounted, ...result } = parseWhole(parser, readFileSync(join(folder, input), 'utf8'), file);
        const actual = JSON.parse(JSON.stringify(result)) as unknown;
        const expectedPath = join(folder, 'expected.json');
        if (UPDATE || !existsSync(expectedPath)) {
          writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
          if (!UPDATE) assert.fail(`${name}: wrote missing expected.json; review it and run again`);
          return;
        }
        assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
      });
    }
  });
}

function listCases(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root).sort()) {
    const full = join(root, entry);
    if (!statSync(full).isDirectory()) continue;
    if (entry === '_error_') out.push(...listCases(full));
    else out.push(full);
  }
  return out;
}

/** Parses a literal output with a parser (for focused assertions beside the goldens). */
export function parseText<T>(parser: Parser<T>, text: string, file = 'fixture/input.md') {
  return parseWhole(parser, text, file);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../src/model/common.js';
import { capDiagnostics, DiagnosticLog } from '../../../src/stages/unpack/diagnostics.js';

const d = (file: string, message: string, level: Diagnostic['level'] = 'warning'): Diagnostic => ({ file, line: null, level, message });

describe('diagnostics caps', () => {
  it('lists a few per file and counts the rest in one line, as severe as the worst left out', () => {
    const list = capDiagnostics([...Array.from({ length: 5 }, (_, i) => d('a.md', `Unknown line ${i}: "x${i}"`)), d('a.md', 'Invalid row', 'error'), d('b.md', 'Unknown line 1: "y"')], 3, 100);
    assert.deepEqual(
      list.map((x) => `${x.file} ${x.level} ${x.message}`),
      ['a.md warning Unknown line 0: "x0"', 'a.md warning Unknown line 1: "x1"', 'a.md warning Unknown line 2: "x2"', 'b.md warning Unknown line 1: "y"', 'a.md error 3 more diagnostics of this file left out (at most 3 are listed per file)'],
    );
  });

  it('lists a few per kind across files (values in quotes and numbers aside) and quotes the first left out', () => {
    const many = Array.from({ length: 1000 }, (_, i) => d(`f${i}`, `Invalid entry name "x${i}/../y": it escapes the bundle with ".."`, 'error'));
    const list = capDiagnostics([...many, d('g', 'Duplicate entry name: the first one is used; skipped')], 20, 10);
    assert.equal(list.length, 12);
    assert.equal(list[10]?.message, 'Duplicate entry name: the first one is used; skipped');
    assert.equal(list[11]?.file, 'f10');
    assert.equal(list[11]?.message, '990 more diagnostics like this one left out (at most 10 are listed per kind): Invalid entry name "x10/../y": it escapes the bundle with ".."');
  });

  it('bounds the summary lines too, and the length of every message and file', () => {
    const log = new DiagnosticLog(1, 5);
    for (let f = 0; f < 50; f++) for (let i = 0; i < 3; i++) log.add(d(`file-${f}`, `kind ${String.fromCharCode(97 + i)}${'z'.repeat(i * 2000)}`));
    const list = log.list();
    // 15 kept (five of each kind), ten files with some left out (five named, one line for the other five), and
    // one line per kind.
    assert.equal(list.length, 15 + 5 + 1 + 3);
    assert.equal(list.filter((x) => x.message.endsWith('of this file left out (at most 1 are listed per file)')).length, 5);
    assert.ok(list.some((x) => x.message === '5 more diagnostics of 5 more files left out (at most 5 files are named)'));
    assert.ok(list.every((x) => x.message.length <= 1000 && x.file.length <= 1000));
  });
});

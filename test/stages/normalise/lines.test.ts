// capLines and hasLongLine (src/stages/normalise/lines.ts): a hostile bundle can carry megabyte-long lines, which
// are cut at MAX_LINE; a text of short lines must be left whole and found so without being split.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capLines, hasLongLine, MAX_LINE } from '../../../src/stages/normalise/lines.js';

describe('long lines', () => {
  const short = 'x'.repeat(80);
  // Invented texts: what matters is where the newlines fall.
  it('finds a line just over the limit anywhere, and not one exactly at it', () => {
    const at = 'y'.repeat(MAX_LINE);
    const over = 'y'.repeat(MAX_LINE + 1);
    const lines = Array.from({ length: 30_000 }, () => short);
    assert.equal(hasLongLine([...lines, at, ...lines].join('\n')), false);
    assert.equal(hasLongLine([...lines, over, ...lines].join('\n')), true);
    assert.equal(hasLongLine([...lines, over].join('\n')), true, 'the last line, without a newline');
    assert.equal(hasLongLine([...lines, at].join('\n')), false);
    assert.equal(hasLongLine([over, ...lines].join('\n')), true, 'the first line');
    assert.equal(hasLongLine(`${at}\n${at}\n${at}`), false, 'lines at the limit one after the other');
    assert.equal(hasLongLine(`${at}\n${at}\n${over}\n${at}`), true);
  });

  it('cuts only the long line and names it', () => {
    const text = `${short}\n${'z'.repeat(MAX_LINE + 5)}\n${short}`;
    const { text: capped, cut } = capLines(text);
    assert.deepEqual(cut, [2]);
    assert.deepEqual(capped.split('\n').map((l) => l.length), [80, MAX_LINE, 80]);
    const whole = `${short}\n`.repeat(20_000);
    assert.equal(capLines(whole).text, whole);
  });
});

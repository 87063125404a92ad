import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * A spread into a call puts every element on the stack: `push(...list)` or `Math.max(...list)` over a list as long
 * as the input throws "Maximum call stack size exceeded" past about 100,000 elements (a million nodes, a check's
 * findings). Array literals (`[...a, ...b]`) do not use the stack and are allowed.
 */
const SRC = new URL('../../src/', import.meta.url).pathname;
const CALL_SPREADS = [/\.push\(\s*\.\.\./, /\.unshift\(\s*\.\.\./, /Math\.(?:max|min)\([^)]*\.\.\./, /String\.fromCharCode\(\s*\.\.\./, /\.splice\([^)]*\.\.\./];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('source rules for untrusted input', () => {
  it('spreads no list into a call anywhere in src/', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CALL_SPREADS.some((re) => re.test(line))) found.push(`${file.slice(SRC.length)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(found, []);
  });
});

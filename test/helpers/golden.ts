import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const UPDATE = process.env.UPDATE_GOLDENS === '1';

/**
 * Compares `actual` with the golden file at `path`. A missing golden is written and fails once, so it gets
 * reviewed; `UPDATE_GOLDENS=1` rewrites them all. On a difference the message names the first differing line
 * rather than dumping two multi-megabyte strings.
 */
export function assertGolden(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) assert.fail(`wrote missing golden ${path}; review it and run again`);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  assert.fail(
    `${path} differs from the golden at line ${i + 1} (UPDATE_GOLDENS=1 rewrites it)\n` +
      `  golden: ${JSON.stringify(e[i] ?? '<end of file>')}\n  actual: ${JSON.stringify(a[i] ?? '<end of file>')}`,
  );
}

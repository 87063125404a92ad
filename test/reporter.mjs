// The `npm test` reporter: a dot per test while it runs, then every failure in full, every skipped test or suite
// with its reason, and one closing line of counts. node:test's own dot reporter prints a skipped suite as a pass,
// so a suite that never ran looked like a green one. Plain JavaScript so that Node 20 loads it without tsx.
import { relative } from 'node:path';

const cwd = process.cwd();
const where = (file) => (file ? relative(cwd, file) : '');

function errorText(error) {
  if (!error) return '';
  // A test's error arrives wrapped (failureType testCodeFailure); the cause is what the test threw.
  const inner = error.cause && typeof error.cause === 'object' ? error.cause : error;
  const stack = typeof inner.stack === 'string' ? inner.stack : String(inner.message ?? inner);
  return stack
    .split('\n')
    .filter((line) => !line.includes('node:internal/'))
    .slice(0, 30)
    .join('\n');
}

export default async function* reporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  const skips = [];
  const todos = [];
  /** Names of the enclosing suites, by file and nesting level, from the start events. */
  const stacks = new Map();
  const started = Date.now();
  let column = 0;
  const mark = (c) => {
    column = (column + 1) % 80;
    return column === 0 ? `${c}\n` : c;
  };
  const path = (data) => {
    const stack = stacks.get(data.file) ?? [];
    return [...stack.slice(0, data.nesting), data.name].join(' › ');
  };

  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      const stack = stacks.get(data.file) ?? [];
      stack.length = data.nesting;
      stack[data.nesting] = data.name;
      stacks.set(data.file, stack);
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const suite = data.details?.type === 'suite';
    const name = path(data);
    if (type === 'test:fail') {
      // A suite fails when a hook or a child failed; only the first counts, so a child is not counted twice.
      const error = data.details?.error;
      if (suite && error?.failureType === 'subtestsFailed') continue;
      counts.failed++;
      failures.push({ name, file: where(data.file), text: errorText(error) });
      yield mark('X');
      continue;
    }
    if (data.skip !== undefined) {
      counts.skipped++;
      skips.push({ name: suite ? `${name} (whole suite)` : name, file: where(data.file), reason: data.skip === true ? 'no reason given' : String(data.skip) });
      yield mark('s');
      continue;
    }
    if (data.todo !== undefined) {
      counts.todo++;
      todos.push({ name, file: where(data.file), reason: data.todo === true ? '' : String(data.todo) });
      yield mark('t');
      continue;
    }
    if (suite) continue;
    counts.passed++;
    yield mark('.');
  }

  const out = ['\n'];
  if (failures.length > 0) {
    out.push(`\nFailed (${failures.length}):\n`);
    for (const f of failures) out.push(`\n✗ ${f.file} › ${f.name}\n${f.text.replace(/^/gm, '    ')}\n`);
  }
  if (skips.length > 0) {
    out.push(`\nSkipped (${skips.length}):\n`);
    for (const s of skips) out.push(`  - ${s.file} › ${s.name}: ${s.reason}\n`);
  }
  if (todos.length > 0) {
    out.push(`\nTo do (${todos.length}):\n`);
    for (const t of todos) out.push(`  - ${t.file} › ${t.name}${t.reason ? `: ${t.reason}` : ''}\n`);
  }
  out.push(`\nin ${((Date.now() - started) / 1000).toFixed(1)} s${counts.todo ? `, ${counts.todo} to do` : ''}\n`);
  out.push(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  yield out.join('');
}

// withoutValue: a part of a MarshalIndent JSON output taken out before parsing, every other value on its line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumDebuginfo } from '../../src/parsers/cilium-debuginfo.js';
import { parseJsonWithLines, valueRange, withoutRanges, withoutValue } from '../../src/parsers/util/json.js';

const DEBUGINFO = new URL('./fixtures/cilium-debuginfo/v1.16/input.json', import.meta.url).pathname;
const FILE = 'cilium-bugtool-cilium-x/cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json';

describe('withoutValue', () => {
  it('replaces a nested value with null and keeps the line count and the lines of the rest', () => {
    const text = '{\n  "a": {\n    "b": [\n      1,\n      2\n    ],\n    "c": {\n      "d": 1\n    }\n  },\n  "e": "x"\n}\n';
    const cut = withoutValue(text, ['a', 'b']) as string;
    assert.deepEqual(JSON.parse(cut), { a: { b: null, c: { d: 1 } }, e: 'x' });
    assert.equal(cut.split('\n').length, text.split('\n').length);
    const json = parseJsonWithLines(cut, 'f');
    const c = (json.value as { a: { c: object } }).a.c;
    assert.equal(json.lineOf(c), 7);
  });

  it('takes several values out in one go, as one after the other would, and skips a range inside another', () => {
    const text = '{\n  "a": {\n    "b": [\n      1,\n      2\n    ],\n    "c": {\n      "d": 1\n    }\n  },\n  "e": [\n    3\n  ]\n}\n';
    const b = valueRange(text, ['a', 'b']);
    const e = valueRange(text, ['e']);
    const a = valueRange(text, ['a']);
    assert.ok(a && b && e);
    const oneByOne = withoutValue(withoutValue(text, ['e']) as string, ['a', 'b']);
    assert.equal(withoutRanges(text, [e, b]), oneByOne);
    assert.deepEqual(JSON.parse(withoutRanges(text, [e, b])), { a: { b: null, c: { d: 1 } }, e: null });
    // `b` sits inside `a`: taking `a` out takes it.
    assert.equal(withoutRanges(text, [b, a]), withoutValue(text, ['a']));
  });

  it('gives null where the layout is not MarshalIndent (compact JSON, a value on its own line, a missing key)', () => {
    assert.equal(withoutValue('{"a": [1, 2]}', ['a']), null);
    assert.equal(withoutValue('{\n  "a": []\n}', ['a']), null);
    assert.equal(withoutValue('{\n  "a": [\n    1\n  ]\n}', ['b']), null);
    // Nested keys are looked for inside their parent only.
    assert.equal(withoutValue('{\n  "a": {\n    "x": 1\n  },\n  "b": {\n    "c": [\n      1\n    ]\n  }\n}', ['a', 'c']), null);
  });
});

describe('debuginfo with superseded parts (v1.16 fixture)', () => {
  const text = readFileSync(DEBUGINFO, 'utf8');
  const whole = ciliumDebuginfo.parse(text, FILE);
  const part = ciliumDebuginfo.parse(text, FILE, { superseded: new Set(['services', 'nodeList']) });

  it('leaves them null, says so in `left`, and reads the rest as the whole parse does, lines included', () => {
    assert.deepEqual(part.left, ['services', 'nodeList']);
    assert.equal(part.data?.services, null);
    assert.equal(part.data?.nodeList, null);
    assert.ok((whole.data?.services?.services.length ?? 0) > 0);
    assert.ok((whole.data?.nodeList?.entries.length ?? 0) > 0);
    assert.deepEqual(part.data?.status, whole.data?.status);
    assert.deepEqual(part.data?.endpoints, whole.data?.endpoints);
    assert.deepEqual(part.data?.version, whole.data?.version);
    assert.deepEqual(part.data?.kernelVersion, whole.data?.kernelVersion);
    assert.equal(whole.left, undefined);
  });

  it('reads everything when the layout is not the one it can cut (compact JSON)', () => {
    const compact = JSON.stringify(JSON.parse(text));
    const r = ciliumDebuginfo.parse(compact, FILE, { superseded: new Set(['services']) });
    assert.equal(r.left, undefined);
    assert.ok((r.data?.services?.services.length ?? 0) > 0);
  });
});

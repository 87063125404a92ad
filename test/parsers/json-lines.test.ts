// parseJsonWithLines: the line of an object and of one of its keys, as records built from JSON outputs cite them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseJsonWithLines } from '../../src/parsers/util/json.js';

// Real cilium-health `-o json` outputs (cilium/cilium#5026 and #26120, see each fixture's SOURCE): keys sorted, so
// a node's `name` comes after both nested targets.
const HEALTH = ['json-002', 'secondary-26120'].map((d) => readFileSync(new URL(`./fixtures/cilium-health-status-json/${d}/input.json`, import.meta.url), 'utf8'));

describe('parseJsonWithLines', () => {
  it('finds a key of the object itself, past nested objects and a nested key of the same name', () => {
    const text = '{\n  "a": {\n    "name": "inner"\n  },\n  "name": "outer"\n}\n';
    const json = parseJsonWithLines(text, 'f');
    const root = json.value as { a: object };
    assert.equal(json.lineOfKey(root, 'name'), 5);
    assert.equal(json.lineOfKey(root.a, 'name'), 3);
    assert.equal(json.lineOf(root.a), 2);
  });

  it('does not take a key inside a string value, and falls back to the object line for a missing key', () => {
    const text = '{\n  "msg": "x \\"name\\": y",\n  "b": 1\n}\n';
    const json = parseJsonWithLines(text, 'f');
    assert.equal(json.lineOfKey(json.value, 'name'), 1);
    assert.equal(json.lineOfKey(json.value, 'b'), 3);
  });

  it('falls back to the object line in compact JSON, past 400 lines, and reads CRLF outputs', () => {
    const compact = parseJsonWithLines('{"a": {"name": "x"}}', 'f');
    assert.equal(compact.lineOfKey((compact.value as { a: object }).a, 'name'), 1);
    const long = `{\n  "list": [\n${Array.from({ length: 400 }, (_, i) => `    ${i}`).join(',\n')}\n  ],\n  "name": "x"\n}\n`;
    const far = parseJsonWithLines(long, 'f');
    assert.equal(far.lineOfKey(far.value, 'list'), 2);
    assert.equal(far.lineOfKey(far.value, 'name'), 1);
    const crlf = parseJsonWithLines('{\r\n  "a": 1,\r\n  "name": "x"\r\n}\r\n', 'f');
    assert.equal(crlf.lineOfKey(crlf.value, 'name'), 3);
    assert.deepEqual([crlf.lineText(3), crlf.lineText(4)], ['  "name": "x"', '}'], 'a cited line and one that was not');
  });

  it('cites each node of a real health output by its name line', () => {
    const names = HEALTH.flatMap((text) => {
      const json = parseJsonWithLines(text, 'f');
      const lines = text.split('\n');
      return (json.value as { nodes: { name: string }[] }).nodes.map((node) => (lines[(json.lineOfKey(node, 'name') as number) - 1] as string).trim());
    });
    assert.deepEqual(names, ['"name": "k8s1"', '"name": "k8s2"', '"name": "k8s1"']);
  });
});

// Every real JSON fixture of the parsers, as json.MarshalIndent wrote it (each fixture's SOURCE).
const REAL = ['cilium-endpoint-list-json/json-004', 'cilium-health-status-json/secondary-26120', 'cilium-health-status-json/json-002', 'cilium-debuginfo/v1.10', 'cilium-debuginfo/v1.16', 'cilium-node-list-json/v1.16', 'cilium-service-list-json/v1.18'].map((d) => readFileSync(new URL(`./fixtures/${d}/input.json`, import.meta.url), 'utf8'));

/** Objects and arrays of a value in pre-order. */
function nodesOf(value: unknown, out: object[] = []): object[] {
  if (value === null || typeof value !== 'object') return out;
  out.push(value);
  for (const child of Array.isArray(value) ? value : Object.values(value)) nodesOf(child, out);
  return out;
}

/** The line and first key line of every object and array, with the text of each as lineText gives it. */
function located(text: string): [number | null, number | null, string, string][] {
  const json = parseJsonWithLines(text, 'f');
  return nodesOf(json.value).map((node) => {
    const line = json.lineOf(node);
    const key = json.lineOfKey(node, Array.isArray(node) ? '' : (Object.keys(node)[0] ?? ''));
    return [line, key, json.lineText(line ?? 0).trimEnd(), json.lineText(key ?? 0).trimEnd()];
  });
}

describe('parseJsonWithLines: MarshalIndent read line by line', () => {
  it('gives every object of the real outputs the same lines as a char-by-char scan', () => {
    for (const text of REAL) {
      // A space after every line leaves the JSON and its lines alone but is not MarshalIndent's layout: read char by char.
      const spaced = text.split('\n').map((l) => `${l} `).join('\n');
      const fast = located(text);
      assert.ok(fast.length > 5 && fast.every(([line]) => line !== null));
      assert.deepEqual(fast, located(spaced));
      const lines = text.split('\n');
      for (const [line, key, lineText, keyText] of fast) assert.deepEqual([lineText, keyText], [lines[(line as number) - 1], lines[(key as number) - 1]]);
    }
  });

  it('reads mixed layouts right: a compact value inside an indented one, `}, {`, a preamble line, empty values', () => {
    const text = 'Defaulted container "cilium-agent"\n[\n  {\n    "a": {"b": {}},\n    "c": []\n  }, {\n    "d": [\n      {}\n    ]\n  }\n]\n';
    const json = parseJsonWithLines(text, 'f');
    const [first, second] = json.value as [{ a: { b: object }; c: object }, { d: object[] }];
    assert.deepEqual([json.lineOf(json.value), json.lineOf(first), json.lineOf(first.a), json.lineOf(first.a.b), json.lineOf(first.c)], [2, 3, 4, 4, 5]);
    assert.deepEqual([json.lineOf(second), json.lineOf(second.d), json.lineOf(second.d[0])], [6, 7, 8]);
    assert.equal(json.lineOfKey(second, 'd'), 7);
    assert.deepEqual(json.diagnostics, []);
  });

  it('still drops the lines of a file with a duplicate key, with a diagnostic; the root keeps its line', () => {
    const json = parseJsonWithLines('\n{\n  "a": {\n    "x": 1\n  },\n  "a": {\n    "y": 2\n  }\n}\n', 'f');
    assert.equal(json.lineOf((json.value as { a: unknown }).a), null);
    // The root is where the value starts, found without the map of the rest.
    assert.equal(json.lineOf(json.value), 2);
    assert.match(json.diagnostics[0]?.message ?? '', /duplicate or numeric keys/);
  });
});

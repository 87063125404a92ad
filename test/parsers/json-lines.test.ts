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

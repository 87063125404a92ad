import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { readKubectlYaml } from '../../src/parsers/util/kubectl-yaml.js';

const general = (text: string) => parse(text, { uniqueKeys: false, strict: false });
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('the fast kubectl YAML reader', () => {
  it('agrees with the general parser on every YAML fixture it accepts, and accepts the kubectl ones', () => {
    let accepted = 0;
    for (const path of yamlFiles(FIXTURES)) {
      const text = readFileSync(path, 'utf8');
      let expected: unknown;
      try {
        expected = general(text);
      } catch {
        continue;
      }
      const fast = readKubectlYaml(text);
      if (fast === undefined) continue;
      assert.deepEqual(fast, expected, path);
      accepted++;
    }
    assert.ok(accepted >= 5, `only ${accepted} fixtures read by the fast path`);
  });

  it('reads go-yaml block style: compact sequences, quoted keys and values, literals, empty collections', () => {
    const text = [
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"a": 1}',
      '',
      '      {"b": 2}',
      '  labels:',
      '    "io.cilium/x": "y"',
      "    app: 'it''s'",
      '  name: web-1',
      'status:',
      '  networking:',
      '    addressing:',
      '    - ipv4: 10.0.1.20',
      '      ipv6: null',
      '    node: 10.10.0.12',
      '  identity:',
      '    id: 12345',
      '    labels:',
      '    - k8s:app=web',
      '  policy: {}',
      '  named-ports: []',
      '  state: ready',
      '  external: false',
    ].join('\n');
    const fast = readKubectlYaml(text);
    assert.deepEqual(fast, general(text));
    assert.equal((fast as { metadata: { annotations: Record<string, string> } }).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"a": 1}\n\n{"b": 2}\n');
  });

  it('leaves what is outside kubectl\'s subset to the general parser', () => {
    for (const text of [
      'a: &x 1\nb: *x',
      'a: !!str 1',
      'a: [1, 2]',
      'a: one\n  folded on',
      'a: 1.5',
      'a: 0x1f',
      'a: "\\x41"',
      '# comment\na: 1',
      'a: >\n  folded',
      'a: 12345678901234567890',
      '<<: {}',
      '\ta: 1',
    ]) {
      assert.equal(readKubectlYaml(text), undefined, text);
    }
  });

  it('never throws on cut or garbled input', () => {
    const text = readFileSync(yamlFiles(FIXTURES).find((p) => p.includes('ciliumendpoints')) ?? yamlFiles(FIXTURES)[0] as string, 'utf8');
    for (let cut = 0; cut < text.length; cut += 7) {
      const part = text.slice(0, cut);
      const fast = readKubectlYaml(part);
      if (fast === undefined) continue;
      let expected: unknown;
      try {
        expected = general(part);
      } catch {
        assert.fail(`the fast reader accepted what the general parser rejects:\n${part}`);
      }
      assert.deepEqual(fast, expected, `cut at ${cut}`);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCommandErrors, isOnlyNoise, splitLines } from '../../src/parsers/util/text.js';

describe('text helpers every output goes through', () => {
  it('finds bugtool command errors with their lines, in \\n and \\r\\n files', () => {
    const text = "KVStore: Ok\r\nCilium: Ok\r\n> Error while running 'cilium-dbg status --verbose':  exit status 1\r\n\n> Error while running 'x': context deadline exceeded\n";
    assert.deepEqual(
      findCommandErrors(text).map((e) => [e.line, e.command, e.error, e.excerpt]),
      [
        [3, 'cilium-dbg status --verbose', 'exit status 1', "> Error while running 'cilium-dbg status --verbose':  exit status 1"],
        [5, 'x', 'context deadline exceeded', "> Error while running 'x': context deadline exceeded"],
      ],
    );
    assert.deepEqual(findCommandErrors("  > Error while running 'x': indented is output\n"), []);
    // The line numbers agree with the lines the parsers see.
    const lines = splitLines(text);
    for (const e of findCommandErrors(text)) assert.equal(lines[e.line - 1], e.excerpt);
  });

  it('tells an output that holds only noise from one that holds output', () => {
    assert.equal(isOnlyNoise("\n> Error while running 'cilium-dbg node list': exit status 1\n   \r\n"), true);
    assert.equal(isOnlyNoise('Defaulted container "cilium-agent" out of: cilium-agent, mount-cgroup (init)\n'), true);
    assert.equal(isOnlyNoise(''), true);
    assert.equal(isOnlyNoise("\n> Error while running 'x': y\nKVStore: Ok\n"), false);
  });
});

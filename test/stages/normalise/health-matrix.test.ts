import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HealthRows, matrixTooLarge, type ObserverInput } from '../../../src/stages/normalise/health-matrix.js';

/** An observer that printed health rows for `names`. */
function observer(node: string, names: string[]): ObserverInput {
  const rows: HealthRows = { localName: node, probeTime: null, names, addresses: [], state: new Uint8Array(names.length * 4), latencyMs: new Float32Array(names.length * 4), notes: new Map(), secondary: null };
  return { node, pod: `cilium-${node}`, source: 'health-json', file: `${node}/cmd/cilium-health-status--o-json.md`, probeTime: null, rows };
}

describe('health matrix size', () => {
  it('builds the matrix of a real cluster, where every agent prints every node', () => {
    const names = Array.from({ length: 2500 }, (_, i) => `node-${i}`);
    assert.equal(matrixTooLarge(names.map((n) => observer(n, names)), names), null);
  });

  it('refuses a matrix far larger than the rows printed: many agents, one row each, many nodes', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => `node-${i}`);
    const observers = nodes.map((n) => observer(n, [n]));
    assert.equal(
      matrixTooLarge(observers, nodes),
      'Too large a health matrix: 5000 observers × 5000 nodes for 5000 health rows printed (at most 25000000 pairs); the health checks are not evaluated',
    );
  });

  it('refuses one past the absolute cap however many rows were printed', () => {
    const nodes = Array.from({ length: 5001 }, (_, i) => `node-${i}`);
    const full = observer('node-0', nodes);
    // The same rows object for every observer: the test needs the counts, not 25 million cells.
    assert.match(matrixTooLarge(nodes.map((n) => ({ ...full, node: n })), nodes) ?? '', /5001 observers × 5001 nodes/);
  });
});

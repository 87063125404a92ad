import { CELL_OK } from '../model/health.js';
import { defineCheck } from './define.js';
import { quoteList } from './util-nodes.js';
import { CitedCells, cellEvidence, fallbackNote } from './util-health.js';

export default defineCheck({
  id: 'CR-3005',
  slug: 'health-latency',
  title: 'Health probes far slower than the cluster median',
  defaultSeverity: 'warning',
  needs: ['health'],
  thresholds: {
    factor: { default: 5, description: 'a probe is slow when its round trip exceeds this multiple of the cluster median' },
    minMs: { default: 10, description: 'and exceeds this many milliseconds' },
  },
  messages: {
    slowNode: (d: { node: string; slow: number; probes: number; worstMs: string; medianMs: string }) =>
      `Probes to ${d.node} are slow: ${d.slow} of ${d.probes} far above the cluster median of ${d.medianMs} ms, the worst ${d.worstMs} ms`,
    slowObserver: (d: { node: string; slow: number; probes: number; worstMs: string; medianMs: string }) =>
      `Probes from the agent on ${d.node} are slow: ${d.slow} of ${d.probes} far above the cluster median of ${d.medianMs} ms, the worst ${d.worstMs} ms`,
    slowPairs: (d: { node: string; to: string; worstMs: string; medianMs: string }) =>
      `Probes from the agent on ${d.node} to ${d.to} are slow: the worst ${d.worstMs} ms against a cluster median of ${d.medianMs} ms`,
  },
  docs: {
    summary: 'Health probes whose round trip is far above the cluster\'s median, grouped by the node that is slow to reach or slow to probe.',
    explanation:
      'The median of every successful probe\'s round-trip time in the bundle is the baseline. A probe is slow when it exceeds both the median times `factor` and `minMs`. When most probes to one node are slow, the node is reported; when most probes from one agent are slow, the agent is; other slow probes are reported per agent.',
    consequences: 'Latency-sensitive traffic to or from the node suffers; health probes near their timeout flap between reachable and unreachable.',
    commonCauses: [
      'An overloaded node (CPU steal, softirq saturation) or a saturated NIC',
      'Traffic crossing a slow path: a different zone or region, a VPN, a NAT gateway',
      'MTU problems causing fragmentation or retransmits on the tunnel',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- cilium-health status --probe --verbose',
      'kubectl top node <node>',
    ],
  },
  run(bundle, ctx) {
    const m = bundle.health;
    if (!m) return;
    const fallback = fallbackNote(m);
    if (fallback) ctx.usedFallback(fallback);
    const O = m.observers.length;
    const D = m.nodes.length;
    // One pass over the cells for the median (selected, not sorted: 16 million values at 2,000 nodes), one for the
    // slow probes per destination, one per observer for the rest; no list of cells is kept but the cited ones.
    let known = 0;
    for (let i = 0; i < m.state.length; i++) if (m.state[i] === CELL_OK && !Number.isNaN(m.latencyMs[i] as number)) known++;
    if (known === 0) {
      ctx.notEvaluated('no health probe in the bundle carries a round-trip time (the status summary table prints none)');
      return;
    }
    const values = new Float64Array(known);
    for (let i = 0, k = 0; i < m.state.length; i++) {
      const v = m.latencyMs[i] as number;
      if (m.state[i] === CELL_OK && !Number.isNaN(v)) values[k++] = v;
    }
    const median = known % 2 ? select(values, known >> 1) : (select(values, known / 2 - 1) + select(values, known / 2)) / 2;
    const limit = Math.max(median * ctx.thresholds.factor, ctx.thresholds.minMs);
    const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));

    const indexOf = new Map(m.nodes.map((n, i) => [n, i]));
    const selfOf = m.observers.map((obs) => indexOf.get(obs.node) ?? -1);
    const probesTo = new Int32Array(D);
    const probesFrom = new Int32Array(O);
    const slowTo = new Int32Array(D);
    const worstTo = new Float64Array(D).fill(-Infinity);
    /** Destinations in the order their first slow probe is met, as findings are reported. */
    const slowOrder: number[] = [];
    const citedTo = new Map<number, CitedCells>();
    // Probes of an agent to its own node say nothing about the network between nodes.
    const slowCell = (i: number) => m.state[i] === CELL_OK && (m.latencyMs[i] as number) > limit;
    for (let o = 0; o < O; o++) {
      for (let d = 0; d < D; d++) {
        if (selfOf[o] === d) continue;
        for (let k = 0; k < 4; k++) {
          const i = (o * D + d) * 4 + k;
          const v = m.latencyMs[i] as number;
          if (m.state[i] !== CELL_OK || Number.isNaN(v)) continue;
          probesTo[d] = (probesTo[d] as number) + 1;
          probesFrom[o] = (probesFrom[o] as number) + 1;
          if (v <= limit) continue;
          if (slowTo[d] === 0) {
            slowOrder.push(d);
            citedTo.set(d, new CitedCells(m));
          }
          slowTo[d] = (slowTo[d] as number) + 1;
          if (v > (worstTo[d] as number)) worstTo[d] = v;
          (citedTo.get(d) as CitedCells).add(i);
        }
      }
    }
    const reported = new Uint8Array(D);
    for (const d of slowOrder) {
      const slow = slowTo[d] as number;
      if (slow * 2 <= (probesTo[d] as number) || slow < 2) continue;
      reported[d] = 1;
      const node = m.nodes[d] as string;
      ctx.report({ messageId: 'slowNode', data: { node, slow, probes: probesTo[d] as number, worstMs: ms(worstTo[d] as number), medianMs: ms(median) }, nodes: [node], evidence: cellEvidence(m, (citedTo.get(d) as CitedCells).cells) });
    }
    for (let o = 0; o < O; o++) {
      // The observer's slow probes that its slow destinations do not already account for.
      let slow = 0;
      let worst = -Infinity;
      const cited = new CitedCells(m);
      const to: number[] = [];
      for (let d = 0; d < D; d++) {
        if (selfOf[o] === d || reported[d]) continue;
        let here = false;
        for (let k = 0; k < 4; k++) {
          const i = (o * D + d) * 4 + k;
          if (!slowCell(i)) continue;
          slow++;
          here = true;
          const v = m.latencyMs[i] as number;
          if (v > worst) worst = v;
          cited.add(i);
        }
        if (here) to.push(d);
      }
      if (slow === 0) continue;
      const node = (m.observers[o] as { node: string }).node;
      if (slow * 2 > (probesFrom[o] as number) && slow >= 2) {
        ctx.report({ messageId: 'slowObserver', data: { node, slow, probes: probesFrom[o] as number, worstMs: ms(worst), medianMs: ms(median) }, nodes: [node], evidence: cellEvidence(m, cited.cells) });
        continue;
      }
      const names = to.map((d) => m.nodes[d] as string);
      ctx.report({ messageId: 'slowPairs', data: { node, to: quoteList(names), worstMs: ms(worst), medianMs: ms(median) }, nodes: [node, ...names], evidence: cellEvidence(m, cited.cells) });
    }
  },
});

/** The k-th smallest of `a` (0-based), found in linear expected time; reorders `a`. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let seed = 0x9e3779b9;
  while (lo < hi) {
    // A pseudo-random pivot: latencies can arrive sorted (one slow node after another).
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const pivot = a[lo + (seed % (hi - lo + 1))] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const tmp = a[i] as number;
        a[i] = a[j] as number;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

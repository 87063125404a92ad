import { CELL_OK } from '../model/health.js';
import { defineCheck } from './define.js';
import { quoteList } from './util-nodes.js';
import { cellEvidence, fallbackNote } from './util-health.js';

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
    const values: number[] = [];
    for (let i = 0; i < m.state.length; i++) {
      const v = m.latencyMs[i] as number;
      if (m.state[i] === CELL_OK && !Number.isNaN(v)) values.push(v);
    }
    if (values.length === 0) {
      ctx.notEvaluated('no health probe in the bundle carries a round-trip time (the status summary table prints none)');
      return;
    }
    const sorted = Float64Array.from(values).sort();
    const median = sorted.length % 2 ? (sorted[sorted.length >> 1] as number) : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
    const limit = Math.max(median * ctx.thresholds.factor, ctx.thresholds.minMs);
    const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));

    const slowTo = new Map<number, number[]>();
    const slowFrom = new Map<number, number[]>();
    const probesTo = new Int32Array(D);
    const probesFrom = new Int32Array(O);
    const selfOf = m.observers.map((obs) => m.nodes.indexOf(obs.node));
    for (let o = 0; o < O; o++) {
      for (let d = 0; d < D; d++) {
        // Probes of an agent to its own node say nothing about the network between nodes.
        if (selfOf[o] === d) continue;
        for (let k = 0; k < 4; k++) {
          const i = (o * D + d) * 4 + k;
          const v = m.latencyMs[i] as number;
          if (m.state[i] !== CELL_OK || Number.isNaN(v)) continue;
          probesTo[d] = (probesTo[d] as number) + 1;
          probesFrom[o] = (probesFrom[o] as number) + 1;
          if (v <= limit) continue;
          push(slowTo, d, i);
          push(slowFrom, o, i);
        }
      }
    }
    const worst = (cells: readonly number[]) => {
      let max = -Infinity;
      for (const i of cells) max = Math.max(max, m.latencyMs[i] as number);
      return ms(max);
    };
    const reported = new Set<number>();
    for (const [d, cells] of slowTo) {
      if (cells.length * 2 <= (probesTo[d] as number) || cells.length < 2) continue;
      cells.forEach((i) => reported.add(i));
      const node = m.nodes[d] as string;
      ctx.report({ messageId: 'slowNode', data: { node, slow: cells.length, probes: probesTo[d] as number, worstMs: worst(cells), medianMs: ms(median) }, nodes: [node], evidence: cellEvidence(m, cells) });
    }
    for (const [o, all] of slowFrom) {
      const cells = all.filter((i) => !reported.has(i));
      if (cells.length === 0) continue;
      const node = (m.observers[o] as { node: string }).node;
      if (cells.length * 2 > (probesFrom[o] as number) && cells.length >= 2) {
        ctx.report({ messageId: 'slowObserver', data: { node, slow: cells.length, probes: probesFrom[o] as number, worstMs: worst(cells), medianMs: ms(median) }, nodes: [node], evidence: cellEvidence(m, cells) });
        continue;
      }
      const to = [...new Set(cells.map((i) => m.nodes[Math.floor((i % (D * 4)) / 4)] as string))];
      ctx.report({ messageId: 'slowPairs', data: { node, to: quoteList(to), worstMs: worst(cells), medianMs: ms(median) }, nodes: [node, ...to], evidence: cellEvidence(m, cells) });
    }
  },
});

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

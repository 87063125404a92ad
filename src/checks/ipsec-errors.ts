import type { Evidence } from '../model/common.js';
import { xfrmErrorInfo } from '../knowledge/xfrm-errors.js';
import { defineCheck, evidence } from './define.js';
import { configValue, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8015',
  slug: 'ipsec-errors',
  title: 'IPsec (XFRM) errors on a node',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { past: 'warning' },
  needs: ['agents.encryption'],
  messages: {
    growing: (d: { node: string; counters: string; spread: string; meaning: string; fix: string }) =>
      `IPsec drops packets on node ${d.node}: ${d.counters} during the bugtool run${d.spread}. ${d.meaning}; ${d.fix}`,
    past: (d: { node: string; counters: string; spread: string; meaning: string; fix: string }) =>
      `Node ${d.node} has IPsec errors since boot (${d.counters}), not growing while the bugtool ran${d.spread}. ${d.meaning}; ${d.fix}`,
  },
  docs: {
    summary: 'A node with IPsec enabled whose kernel XFRM error counters are non-zero, most of all when they grow during the collection.',
    explanation:
      'bugtool reads `/proc/net/xfrm_stat` at the start of its run and, from 1.15, once more at the end (`cat -u /proc/net/xfrm_stat`); `cilium encrypt status` also lists the non-zero counters. For every node with IPsec on (cilium-config `enable-ipsec` or the agent\'s config) the error counters are read; a counter that grew between the two samples is a current drop, one that is non-zero but flat happened earlier. Counters that occur in normal operation (`XfrmFwdHdrError`, `XfrmInError`, `XfrmInStateInvalid`) are reported only while they grow. The message says how many other nodes show the same counter: errors on one node point at that node\'s keys or states, on every node at the cluster\'s key.',
    consequences: 'Every XFRM error is a dropped packet: connections between pods on different nodes fail or stall, typically between some node pairs only.',
    commonCauses: ['A key rotation done without incrementing the SPI, or not finished on every node', 'A node that rebooted and whose new key has not reached the others yet', 'Sequence numbers exhausted on a long-lived key', 'Firewalls dropping ESP (AWS security groups block it by default) show up as health failures, not as these counters'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg encrypt status', 'kubectl -n kube-system exec <agent> -- cat /proc/net/xfrm_stat', 'kubectl -n kube-system exec <agent> -- ip -s xfrm state', 'kubectl -n kube-system get secret cilium-ipsec-keys -o yaml'],
  },
  run(bundle, ctx) {
    type Row = { node: string; counters: { name: string; value: number; grew: number | null; evidence: Evidence }[] };
    const rows: Row[] = [];
    let ipsecNodes = 0;
    for (const agent of nodeAgents(bundle)) {
      const on = configValue(bundle, agent, 'enable-ipsec', 'EnableIPSec')?.value === 'true' || /^ipsec$/i.test(agent.status?.encryption?.mode ?? '') || /^ipsec$/i.test(agent.host.encrypt?.mode ?? '');
      if (!on) continue;
      ipsecNodes++;
      const first = agent.host.xfrm.find((x) => x.sample === 'first');
      const last = agent.host.xfrm.find((x) => x.sample === 'last');
      const sample = last ?? first;
      const counters: Row['counters'] = [];
      if (sample) {
        for (const [name, c] of Object.entries(sample.counters)) {
          const info = xfrmErrorInfo(name);
          if (!info || c.value === 0) continue;
          const before = last && first ? first.counters[name]?.value : undefined;
          const grew = before === undefined ? null : c.value - before;
          if (info.benign && !(grew && grew > 0)) continue;
          counters.push({ name, value: c.value, grew, evidence: evidence(sample.file, c.line, c.excerpt) });
        }
      } else if (agent.host.encrypt?.ipsec) {
        for (const [name, c] of Object.entries(agent.host.encrypt.ipsec.xfrmErrors)) {
          const info = xfrmErrorInfo(name);
          if (!info || info.benign || c.value === 0) continue;
          counters.push({ name, value: c.value, grew: null, evidence: evidence(agent.host.encrypt.src.file, c.line.line, c.line.excerpt) });
        }
      }
      if (counters.length > 0) rows.push({ node: agent.node, counters });
    }
    for (const row of rows) {
      const growing = row.counters.filter((c) => c.grew !== null && c.grew > 0);
      const shown = (growing.length > 0 ? growing : row.counters).sort((a, b) => b.value - a.value);
      const main = shown[0] as Row['counters'][number];
      const info = xfrmErrorInfo(main.name);
      const others = rows.filter((r) => r !== row && r.counters.some((c) => c.name === main.name)).length;
      const spread = ipsecNodes > 1 ? (others === 0 ? `; no other of the ${ipsecNodes} IPsec nodes shows ${main.name}` : `; ${others} of the other ${ipsecNodes - 1} nodes show ${main.name} too`) : '';
      ctx.report({
        messageId: growing.length > 0 ? 'growing' : 'past',
        data: {
          node: row.node,
          counters: shown.map((c) => (growing.length > 0 ? `${c.name} grew by ${c.grew} to ${c.value}` : `${c.name} ${c.value}`)).join(', '),
          spread,
          meaning: `${main.name}: ${info?.meaning ?? 'an XFRM error'}`,
          fix: info?.fix ?? 'compare the XFRM states with another node',
        },
        nodes: [row.node],
        evidence: shown.slice(0, 3).map((c) => c.evidence),
      });
    }
  },
});

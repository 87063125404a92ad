import type { Evidence } from '../model/common.js';
import { compareVersions } from '../stages/correlate/report.js';
import { defineCheck, evidenceOf } from './define.js';
import { count, quoteList } from './util-nodes.js';

export default defineCheck({
  id: 'CR-1005',
  slug: 'version-skew',
  title: 'Agents on different Cilium versions',
  defaultSeverity: 'warning',
  needs: ['agents'],
  messages: {
    skew: (d: { version: string; count: number; nodes: string; majority: string; majorityCount: number }) =>
      `${d.nodes} ${d.count === 1 ? 'runs' : 'run'} Cilium ${d.version}, the other ${count(d.majorityCount, 'node')} ${d.majorityCount === 1 ? 'runs' : 'run'} ${d.majority}`,
  },
  docs: {
    summary: 'The agents do not all run the same Cilium version.',
    explanation:
      'Each agent\'s version is read from its debuginfo, its `cilium status` (`Cilium: Ok 1.16.5 (v1.16.5-ad688277)`) or, when it left no output, its pod image. More than one version means an upgrade or rollback is in progress or stuck, or some nodes run a different image.',
    consequences: 'Agents of different versions may disagree on datapath formats, features and defaults; a stuck rollout also leaves the fixes of the new version only on some nodes.',
    commonCauses: [
      'A DaemonSet rollout stuck on some nodes (pods pending, image pull failing, maxUnavailable reached)',
      'Node pools with different images pinned, or an OnDelete update strategy',
      'A hand-patched agent pod left from debugging',
    ],
    verify: [
      'kubectl -n kube-system get pods -l k8s-app=cilium -o custom-columns=NODE:.spec.nodeName,IMAGE:.spec.containers[0].image',
      'kubectl -n kube-system rollout status ds/cilium',
    ],
  },
  run(bundle, ctx) {
    const byVersion = new Map<string, { node: string; src: Evidence }[]>();
    for (const agent of bundle.agents) {
      if (!agent.version || !agent.versionSrc) continue;
      const list = byVersion.get(agent.version) ?? [];
      list.push({ node: agent.node ?? agent.pod, src: evidenceOf(agent.versionSrc, `agent on "${agent.node ?? agent.pod}"`) });
      byVersion.set(agent.version, list);
    }
    if (byVersion.size < 2) {
      if (byVersion.size === 0) ctx.notEvaluated('no agent version is known (no status, debuginfo or pod image)');
      return;
    }
    // The most common version is taken as the intended one (the newer one on a tie): each other version is a finding.
    const groups = [...byVersion].sort((a, b) => b[1].length - a[1].length || compareVersions(b[0], a[0]));
    const [majority, majorityList] = groups[0] as [string, { node: string; src: Evidence }[]];
    for (const [version, list] of groups.slice(1)) {
      ctx.report({
        messageId: 'skew',
        data: { version, count: list.length, nodes: quoteList(list.map((x) => x.node)), majority, majorityCount: majorityList.length },
        nodes: list.map((x) => x.node),
        evidence: [...list.slice(0, 5).map((x) => x.src), (majorityList[0] as { src: Evidence }).src],
      });
    }
  },
});

import { FEATURES, baseRequirement, ciliumIn, kernelMeets, meetsBase } from '../knowledge/kernel-requirements.js';
import { defineCheck } from './define.js';
import { featureSetting, kernelOf, nodeAgents, settingText } from './util-host.js';

export default defineCheck({
  id: 'CR-8001',
  slug: 'kernel-version-too-old',
  title: 'Node kernel older than Cilium or an enabled feature requires',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { belowFeatureDegrades: 'warning' },
  needs: ['agents.kernel'],
  messages: {
    belowBase: (d: { node: string; kernel: string; version: string; min: string; equivalent: string }) =>
      `Node ${d.node} runs kernel ${d.kernel}, older than the ${d.min} Cilium ${d.version} requires${d.equivalent ? ` (or ${d.equivalent})` : ''}; the agent's BPF programs may fail to load. Upgrade the node's kernel to ${d.min} or later, or run a Cilium release that supports this kernel`,
    belowFeature: (d: { node: string; kernel: string; feature: string; min: string; setting: string; consequence: string }) =>
      `Node ${d.node} runs kernel ${d.kernel}, older than the ${d.min} ${d.feature} needs, which is enabled (${d.setting}): ${d.consequence}. Upgrade the node's kernel, or turn ${d.feature} off for this node`,
    belowFeatureDegrades: (d: { node: string; kernel: string; feature: string; min: string; setting: string; consequence: string }) =>
      `Node ${d.node} runs kernel ${d.kernel}, older than the ${d.min} ${d.feature} needs, which is enabled (${d.setting}): ${d.consequence}. Upgrade the node's kernel, or turn ${d.feature} off for this node`,
  },
  docs: {
    summary: 'A node whose kernel release is below the minimum of its agent\'s Cilium version, or below what a feature enabled in cilium-config needs.',
    explanation:
      'The kernel release comes from each agent\'s `uname -a` (or debuginfo\'s `kernel-version`). It is compared with the system requirements of the agent\'s Cilium version (4.9.17 up to 1.13, 4.19.57 for 1.14 and 1.15, 5.4 from 1.16; RHEL 8 kernels count as equivalent where the page says so) and, for each feature turned on in cilium-config (or the agent\'s `cilium config -a`), with the feature\'s minimum: bandwidth manager 5.1, egress gateway 5.2, WireGuard 5.6, kube-proxy replacement 4.19.57 / 5.1.16 / 5.2, BIG TCP 5.19 and 6.3. The requirements are data in src/knowledge/kernel-requirements.ts, each with its source.',
    consequences: 'Below the base requirement the agent may fail to load its BPF programs (verifier or missing helper errors) and crash-loop. Below a feature\'s minimum the feature fails at start or the agent silently falls back (bandwidth manager off, no socket load balancing).',
    commonCauses: [
      'Old node images (CentOS 7\'s 3.10, Ubuntu 18.04\'s 4.15) left in a node pool after a Cilium upgrade',
      'A feature enabled cluster-wide while some node pools run an older kernel',
      'Custom or vendor kernels whose version number hides backports (check the feature probes in the agent log)',
    ],
    verify: ['kubectl get nodes -o wide', 'kubectl -n kube-system exec <agent> -- uname -r', 'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose', 'kubectl -n kube-system get cm cilium-config -o yaml'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const kernel = kernelOf(agent);
      if (!kernel) continue;
      const base = agent.version ? baseRequirement(agent.version) : null;
      const meets = base ? meetsBase(kernel.release, base, kernel.build) : null;
      if (base && meets === false) {
        ctx.report({
          messageId: 'belowBase',
          data: { node: agent.node, kernel: kernel.release, version: agent.version as string, min: base.minKernel, equivalent: base.equivalents.map((e) => `${e.minRelease} on ${e.name}`).join(', ') },
          nodes: [agent.node],
          evidence: [kernel.evidence],
        });
        // The feature minimums are all above the base ones: the base finding says it all.
        continue;
      }
      // A distribution kernel accepted as equivalent (RHEL 8) carries backports its version does not show.
      if (meets === 'equivalent') continue;
      for (const f of FEATURES) {
        if (!f.minKernel || (f.ciliumFrom && agent.version && !ciliumIn(agent.version, f.ciliumFrom))) continue;
        const { on, setting } = featureSetting(bundle, agent, f);
        if (!on || kernelMeets(kernel.release, f.minKernel, kernel.build) !== false) continue;
        ctx.report({
          messageId: f.severity === 'warning' ? 'belowFeatureDegrades' : 'belowFeature',
          data: { node: agent.node, kernel: kernel.release, feature: f.feature, min: f.minKernel.join(', ').replace(/, ([^,]+)$/, ' or $1'), setting: setting ? settingText(setting) : 'always', consequence: f.consequence },
          nodes: [agent.node],
          evidence: [kernel.evidence, ...(setting?.evidence ? [setting.evidence] : [])],
        });
      }
    }
  },
});

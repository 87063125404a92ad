import { FEATURES, ciliumIn, optionApplies, optionPresent } from '../knowledge/kernel-requirements.js';
import { defineCheck, evidence } from './define.js';
import { featureSetting, joinNames, kernelOf, nodeAgents, settingText } from './util-host.js';

export default defineCheck({
  id: 'CR-8002',
  slug: 'kernel-config-missing',
  title: 'Kernel built without options an enabled Cilium feature needs',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { degraded: 'warning' },
  needs: ['agents.kernelConfig'],
  messages: {
    missing: (d: { node: string; options: string; count: number; feature: string; setting: string; consequence: string }) =>
      `The kernel of node ${d.node} is built without ${d.options}, which ${d.feature} needs${d.setting}: ${d.consequence}. Enable ${d.count > 1 ? 'these options' : 'this option'} (=y or =m) in the node image's kernel${d.setting ? `, or turn ${d.feature} off` : ''}`,
    degraded: (d: { node: string; options: string; count: number; feature: string; setting: string; consequence: string }) =>
      `The kernel of node ${d.node} is built without ${d.options}, which ${d.feature} needs${d.setting}: ${d.consequence}. Enable ${d.count > 1 ? 'these options' : 'this option'} (=y or =m) in the node image's kernel${d.setting ? `, or turn ${d.feature} off` : ''}`,
  },
  docs: {
    summary: 'A node whose kernel config lacks options that Cilium\'s datapath, or a feature enabled in cilium-config, requires.',
    explanation:
      'bugtool copies the kernel build configuration into `conf/` (`/proc/config.gz`, `/proc/config` or `/boot/config-<release>`). For the base eBPF requirements, policy routing (`CONFIG_IP_MULTIPLE_TABLES`) and every feature turned on in cilium-config or the agent\'s `cilium config -a` (iptables masquerading, L7 proxy, IPsec, bandwidth manager, WireGuard), each option the system requirements page lists must be `y` or `m`; `# CONFIG_X is not set`, or an option missing from the file, is reported. Options the kernel has since folded away (`CONFIG_INET_XFRM_MODE_TUNNEL` from 5.2) are not asked for on newer kernels. The lists are data in src/knowledge/kernel-requirements.ts.',
    consequences: 'Without the base options the agent cannot load BPF programs at all. Without a feature\'s options the feature fails at start (WireGuard, IPsec) or degrades (L7 redirection, bandwidth manager).',
    commonCauses: ['Minimal or embedded kernels (custom builds, some ARM boards, WSL2) that leave networking options out', 'Modules not shipped in the image (linux-modules-extra on Ubuntu for Raspberry Pi)', 'A feature enabled cluster-wide while one node pool runs a different kernel build'],
    verify: ['kubectl -n kube-system exec <agent> -- sh -c "zcat /proc/config.gz | grep -E \'CONFIG_(BPF|XFRM|WIREGUARD|NET_SCH_FQ|IP_MULTIPLE_TABLES)\'"', 'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const config = agent.host.kernelConfig;
      if (!config) continue;
      const release = kernelOf(agent)?.release ?? config.release;
      for (const f of FEATURES) {
        if (f.options.length === 0 || (f.ciliumFrom && (!agent.version || !ciliumIn(agent.version, f.ciliumFrom)))) continue;
        const { on, setting } = featureSetting(bundle, agent, f);
        if (!on) continue;
        const missing = f.options.filter((o) => optionApplies(o, release) && !optionPresent(config.options[o.name]?.value));
        if (missing.length === 0) continue;
        const lines = missing.flatMap((o) => {
          const at = config.options[o.name];
          return at ? [{ line: at.line, text: at.value === 'n' ? `# ${o.name} is not set` : `${o.name}=${at.value}` }] : [];
        });
        ctx.report({
          messageId: f.severity === 'warning' ? 'degraded' : 'missing',
          data: {
            node: agent.node,
            options: joinNames(missing.map((o) => o.name), 4),
            count: missing.length,
            feature: f.feature,
            setting: setting && setting.from !== 'default' ? `, enabled by ${settingText(setting)}` : '',
            consequence: f.consequence,
          },
          nodes: [agent.node],
          evidence: [
            // An option that is absent from the file has no line: the file itself is the evidence.
            ...(lines.length > 0 ? lines.slice(0, 3).map((o) => evidence(config.file, o.line, o.text)) : [evidence(config.file, null, `${missing[0]?.name} is not in the file`)]),
            ...(setting?.evidence ? [setting.evidence] : []),
          ],
        });
      }
    }
  },
});

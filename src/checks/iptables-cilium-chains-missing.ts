import { defineCheck, evidence, evidenceOf } from './define.js';
import { configValue, nodeAgents, settingText } from './util-host.js';

export default defineCheck({
  id: 'CR-8014',
  slug: 'iptables-cilium-chains-missing',
  title: 'Cilium\'s iptables chains missing from the node\'s active iptables',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.iptables'],
  messages: {
    otherBackend: (d: { node: string; active: string; other: string; chains: number }) =>
      `Node ${d.node}'s ${d.active} holds none of Cilium's chains, but ${d.other} holds ${d.chains}: the agent wrote its rules with the iptables backend the node does not use, so they never see the node's packets (proxy redirection, masquerading and the FORWARD accept rules do not apply). Make the agent use the node's backend (Cilium detects it from the rules kubelet writes; on old versions set the iptables mode explicitly) and restart it`,
    none: (d: { node: string; setting: string }) =>
      `Node ${d.node} has no Cilium chains in iptables although the agent installs them (${d.setting}): something flushed the rules after the agent started (a firewall service such as firewalld or ufw reloading), so masquerading and the FORWARD accept rules are gone. Stop the service that flushes iptables and restart the agent`,
  },
  docs: {
    summary: 'A node where Cilium\'s iptables chains (CILIUM_FORWARD, CILIUM_POST_nat, …) are missing from the iptables backend the node uses.',
    explanation:
      'With `install-iptables-rules` on (the default) the agent creates CILIUM_INPUT, CILIUM_OUTPUT, CILIUM_FORWARD, CILIUM_PRE/POST_nat, _mangle and _raw chains (pkg/datapath/iptables). bugtool saves them with `iptables-save -c` and, where installed, `iptables-nft-save` and `iptables-legacy-save`. This check reports a node whose default `iptables-save` output (the backend the system uses) holds no CILIUM_ chain: with the chains present in the other backend, the agent and the system disagree on legacy versus nft; with no chains anywhere, they were flushed.',
    consequences: 'Without Cilium\'s chains the host firewall\'s FORWARD policy drops pod traffic, iptables masquerading stops (pods lose access outside the cluster) and L7 proxy redirection (TPROXY) fails.',
    commonCauses: ['Mixed iptables-legacy and iptables-nft on one node (cilium/cilium#20123): an old image or a host tool that uses the other backend', 'firewalld, ufw or a cloud agent reloading the firewall and flushing every chain', 'A node bootstrap that runs `iptables -F` after the agent started'],
    verify: ['kubectl -n kube-system exec <agent> -- iptables-save | grep -c CILIUM_', 'kubectl -n kube-system exec <agent> -- iptables-legacy-save | grep -c CILIUM_', 'kubectl -n kube-system exec <agent> -- iptables-nft-save | grep -c CILIUM_'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const install = configValue(bundle, agent, 'install-iptables-rules', 'InstallIptRules', 'true');
      if (install?.value !== 'true') continue;
      const ipv4 = agent.host.iptables.filter((t) => t.family === 'ipv4');
      const active = ipv4.find((t) => t.variant === 'default') ?? null;
      if (!active || active.tables.length === 0 || active.ciliumChains.length > 0) continue;
      const other = ipv4.find((t) => t.variant !== 'default' && t.ciliumChains.length > 0);
      const activeName = /[^/]+$/.exec(active.file)?.[0] ?? active.file;
      const at = active.warnings[0] ? evidenceOf(active.warnings[0]) : evidence(active.file, null, `${activeName}: no CILIUM_ chain`);
      if (other?.ciliumFirst) {
        ctx.report({ messageId: 'otherBackend', data: { node: agent.node, active: activeName, other: /[^/]+$/.exec(other.file)?.[0] ?? other.file, chains: other.ciliumChains.length }, nodes: [agent.node], evidence: [at, evidenceOf(other.ciliumFirst)] });
      } else {
        ctx.report({ messageId: 'none', data: { node: agent.node, setting: settingText(install) }, nodes: [agent.node], evidence: [at, ...(install.evidence ? [install.evidence] : [])] });
      }
    }
  },
});

import { defineCheck, evidence, evidenceOf } from './define.js';
import { configValue, nodeAgents, settingText } from './util-host.js';

export default defineCheck({
  id: 'CR-8006',
  slug: 'ip-rules-missing',
  title: 'Cilium\'s routing policy rules missing on a node',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.rules'],
  messages: {
    reset: (d: { node: string; rules: string }) =>
      `The routing rules of node ${d.node} are back to the kernel's defaults (${d.rules}): Cilium's proxy rule (fwmark 0x200/0xf00 lookup 2004) is gone and the local table is looked up at priority 0 again, so traffic to the L7 proxy is not delivered. Find what flushed the rules (systemd-networkd with ManageForeignRoutingPolicyRules=yes, a network restart) and restart the agent on the node to restore them`,
    proxyMissing: (d: { node: string; setting: string }) =>
      `Node ${d.node} has no rule for the L7 proxy (fwmark 0x200/0xf00 lookup 2004) although the proxy is on (${d.setting}): traffic redirected to Envoy or the DNS proxy is routed away instead. Stop what removes foreign rules (systemd-networkd ManageForeignRoutingPolicyRules=no) and restart the agent on the node`,
    ipsecMissing: (d: { node: string; marks: string; setting: string }) =>
      `Node ${d.node} lacks the IPsec routing rules for ${d.marks} although IPsec is on (${d.setting}): packets marked for encryption or decryption take the main table and leave unencrypted or are dropped. Stop what removes foreign rules and restart the agent on the node`,
  },
  docs: {
    summary: 'A node whose `ip rule` list lacks the policy routing rules Cilium installs for the L7 proxy or IPsec.',
    explanation:
      'With the L7 proxy enabled (the default) the agent installs `9: from all fwmark 0x200/0xf00 lookup 2004` and moves the local table lookup from priority 0 to 100 (pkg/datapath/linux/linux_defaults: RulePriorityToProxyIngress 9, RulePriorityLocalLookup 100); with IPsec it adds `fwmark 0xd00/0xf00` (decrypt) and `0xe00/0xf00` (encrypt) rules to table 200. This check reads `ip rule` (`ip -d rule` from 1.14) of every node and reports the rules that are missing, or a list reset to the kernel\'s three defaults.',
    consequences: 'Without the proxy rule, connections redirected to Envoy or the DNS proxy are routed like ordinary traffic: L7 policies and FQDN policies break on that node, often with DNS timeouts. Without the IPsec rules, traffic between nodes is dropped or leaves unencrypted.',
    commonCauses: [
      'systemd-networkd (v249+) removing rules it did not create (`ManageForeignRoutingPolicyRules=yes`, the default)',
      'A network service restart or a cloud agent that rewrites the routing policy',
      'Someone running `ip rule flush` while debugging',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- ip -d rule', 'kubectl -n kube-system exec <agent> -- ip route show table 2004', 'kubectl debug node/<node> -it --image=busybox -- cat /host/etc/systemd/networkd.conf'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const r = agent.host.rules;
      if (!r) continue;
      const rules = r.rules;
      const proxy = configValue(bundle, agent, 'enable-l7-proxy', 'EnableL7Proxy', 'true');
      const ipsec = configValue(bundle, agent, 'enable-ipsec', 'EnableIPSec');
      const first = rules[0];
      const hasProxy = rules.some((x) => x.table === '2004');
      const localAtZero = rules.some((x) => x.priority === 0 && x.table === 'local');
      const cilium = rules.filter((x) => x.fwmark !== null || (x.table !== null && !['local', 'main', 'default'].includes(x.table)));
      if (proxy?.value === 'true' && !hasProxy && localAtZero && cilium.length === 0 && first) {
        ctx.report({ messageId: 'reset', data: { node: agent.node, rules: rules.map((x) => `${x.priority}: ${x.rule}`).join(', ') }, nodes: [agent.node], evidence: [evidenceOf(rules.find((x) => x.priority === 0) ?? first)] });
        continue;
      }
      if (proxy?.value === 'true' && !hasProxy && first) {
        ctx.report({ messageId: 'proxyMissing', data: { node: agent.node, setting: settingText(proxy) }, nodes: [agent.node], evidence: [evidence(r.file, first.src.line, first.excerpt, 'the first rule'), ...(proxy.evidence ? [proxy.evidence] : [])] });
      }
      if (ipsec?.value === 'true' && first) {
        const marks = ['0xd00/0xf00', '0xe00/0xf00'].filter((m) => !rules.some((x) => x.fwmark === m));
        if (marks.length > 0) ctx.report({ messageId: 'ipsecMissing', data: { node: agent.node, marks: marks.map((m) => `fwmark ${m}`).join(' and '), setting: settingText(ipsec) }, nodes: [agent.node], evidence: [evidence(r.file, first.src.line, first.excerpt, 'the first rule'), ...(ipsec.evidence ? [ipsec.evidence] : [])] });
      }
    }
  },
});

// `cilium-health get` (cilium-health/cmd/get.go): `Daemon uptime:` and `Node load:` followed by the daemon's
// status lines, as in the seed note. Not collected by bugtool; a user may add it.
import type { AgentStatus } from '../model/agent-status.js';
import { parseStatusText } from './cilium-status.js';
import { defineParser } from './define.js';

export const ciliumHealthGet = defineParser<{ uptime: string | null; load: string | null; status: AgentStatus | null }>({
  id: 'cilium-health-get',
  scope: 'agent',
  format: 'text',
  preference: 5,
  files: [/^cmd\/cilium-health-get\.md$/],
  parse(text, file) {
    const status = parseStatusText(text, file);
    const line = (key: string) => status.data?.lines.find((l) => l.key === key)?.value ?? null;
    return { data: { uptime: line('Daemon uptime'), load: line('Node load'), status: status.data }, diagnostics: status.diagnostics, unaccounted: status.unaccounted ?? [] };
  },
});

// `cilium service list` (cilium/cmd/service_list.go ≤1.14, cilium-dbg/cmd/service_list.go 1.15+), read at
// v1.10.6, v1.14.0 and v1.18.0: `ID  Frontend  Service Type  Backend`, the first backend on the service's row as
// `1 => 10.0.0.1:80 (active)` and one continuation row per further backend. The backend state is printed from
// 1.11; 1.18 adds `/TCP` to addresses. A service without backends prints its row with the Backend column empty.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { AgentService, ServiceList } from '../model/service.js';
import { defineParser } from './define.js';
import { parseJsonWithLines } from './util/json.js';
import { servicesFromJson } from './util/service-json.js';
import { COMMAND_ERROR, DEFAULTED_CONTAINER, splitLines } from './util/text.js';

const ROW = /^(\d+)\s+(\S+)\s+(\S+)(?:\s+(\d+)\s+=>\s+(\S+)(?:\s+\(([\w-]+)\))?)?\s*$/;
const CONTINUATION = /^\s+(\d+)\s+=>\s+(\S+)(?:\s+\(([\w-]+)\))?\s*$/;

export const ciliumServiceListText = defineParser<ServiceList>({
  id: 'cilium-service-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-service-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const services: AgentService[] = [];
    let last: AgentService | null = null;
    splitLines(text).forEach((raw, i) => {
      const n = i + 1;
      const t = raw.trim();
      if (t === '' || COMMAND_ERROR.test(t) || DEFAULTED_CONTAINER.test(t) || /^ID\s+Frontend\s+Service Type/.test(t)) return;
      // A continuation row starts with blanks; trimmed it would read like a service row.
      const more = CONTINUATION.exec(raw);
      if (more && last) {
        (last as AgentService).backends.push({ address: more[2] as string, state: more[3] ?? null, line: n });
        return;
      }
      const row = ROW.exec(t);
      if (row) {
        last = {
          line: n,
          excerpt: excerptOf(raw),
          id: Number(row[1]),
          frontend: row[2] as string,
          type: row[3] as string,
          backends: row[5] ? [{ address: row[5], state: row[6] ?? null, line: n }] : [],
          name: null,
        };
        services.push(last);
        return;
      }
      diagnostics.push({ file, line: n, level: 'warning', message: `Unknown service row "${excerptOf(t, 0, 80)}"` });
    });
    if (services.length === 0 && diagnostics.length > 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing service rows: expected `<id> <frontend> <type> <backends>` rows' });
      return { data: null, diagnostics };
    }
    return { data: { file, format: 'text', services }, diagnostics };
  },
});

export const ciliumServiceListJson = defineParser<ServiceList>({
  id: 'cilium-service-list',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-service-list--o-json\.md$/],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    if (json.value === undefined) return { data: null, diagnostics: json.diagnostics };
    const { services, diagnostics } = servicesFromJson(json.value, json, file);
    return { data: { file, format: 'json', services }, diagnostics: [...json.diagnostics, ...diagnostics] };
  },
});

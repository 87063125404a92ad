// `cilium service list` (cilium/cmd/service_list.go ≤1.14, cilium-dbg/cmd/service_list.go 1.15+), read at
// v1.10.6, v1.14.0 and v1.18.0: `ID  Frontend  Service Type  Backend`, the first backend on the service's row as
// `1 => 10.0.0.1:80 (active)` and one continuation row per further backend. The backend state is printed from
// 1.11; 1.18 adds `/TCP` to addresses. A service without backends prints its row with the Backend column empty.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { AgentService, ServiceList } from '../model/service.js';
import { defineParser } from './define.js';
import { parseJsonWithLines } from './util/json.js';
import { servicesFromJson } from './util/service-json.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

/** A backend cell: `1 => 10.0.0.1:80 (active)`; the state is printed from 1.11. */
const BACKEND = /^(\d+)\s+=>\s+(\S+)(?:\s+\(([\w-]+)\))?$/;

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
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    // Agents up to 1.6 print three columns, `ID  Frontend  Backend` (cilium/cmd/service_list.go before 1878c4a222).
    let threeColumns: boolean | null = null;
    lines.text.forEach((line, i) => {
      const n = i + 1;
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      const header = /^ID\s+Frontend\s+(Service Type\s+)?Backend\b/.exec(t);
      if (header || t === '...') {
        if (header) threeColumns = !header[1];
        account.take(n);
        return;
      }
      const tokens = t.split(/\s+/);
      // A continuation row holds one more backend of the service above: `2 => 10.0.1.16:8080 (active)`.
      if (tokens[1] === '=>') {
        const more = BACKEND.exec(t);
        if (more && last) {
          account.take(n);
          (last as AgentService).backends.push({ address: more[2] as string, state: more[3] ?? null, line: n });
        } else {
          diagnostics.push({ file, line: n, level: 'warning', message: `Backend row "${excerptOf(t, 0, 80)}" follows no service row` });
        }
        return;
      }
      const row = readRow(tokens, threeColumns);
      if (!row) {
        diagnostics.push({ file, line: n, level: 'warning', message: `Unknown service row "${excerptOf(t, 0, 80)}"` });
        return;
      }
      account.take(n);
      last = { line: n, excerpt: excerptOf(raw), id: row.id, frontend: row.frontend, type: row.type, backends: row.backend ? [{ ...row.backend, line: n }] : [], name: null };
      services.push(last);
    });
    if (services.length === 0 && diagnostics.length > 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing service rows: expected `<id> <frontend> <type> <backends>` rows' });
      return account.none(diagnostics);
    }
    return account.result({ file, format: 'text', services }, diagnostics);
  },
});

/**
 * `<id> <frontend> <type> [<n> => <backend> (<state>)]`, or without the type on agents up to 1.6. Without a header
 * the form is told by the third cell: a backend index followed by `=>`, or nothing at all, means three columns.
 */
function readRow(tokens: readonly string[], threeColumns: boolean | null): { id: number; frontend: string; type: string; backend: { address: string; state: string | null } | null } | null {
  if (!/^\d+$/.test(tokens[0] ?? '') || !tokens[1] || tokens[1] === '=>') return null;
  const three = threeColumns ?? (tokens.length === 2 || tokens[3] === '=>');
  const type = three ? '' : tokens[2];
  if (type === undefined || type === '=>') return null;
  const rest = tokens.slice(three ? 2 : 3).join(' ');
  if (rest === '') return { id: Number(tokens[0]), frontend: tokens[1], type, backend: null };
  const backend = BACKEND.exec(rest);
  if (!backend) return null;
  return { id: Number(tokens[0]), frontend: tokens[1], type, backend: { address: backend[2] as string, state: backend[3] ?? null } };
}

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

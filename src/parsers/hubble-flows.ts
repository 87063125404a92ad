// `hubble-flows-<pod>-<ts>.json` at the sysdump root: `hubble observe --last 10000 -o jsonpb` run in each agent,
// JSON Lines of observer.GetFlowsResponse in protojson with proto field names (api/v1/flow/flow.proto,
// api/v1/observer; sysdump-format.md §3): `{"flow": {"time", "verdict": "DROPPED", "drop_reason_desc",
// "IP": {"source", "destination"}, "l4": {"TCP": {"source_port", "destination_port"}}, "source": {"identity", …},
// "traffic_direction", …}, "node_name", "time"}`. Only dropped flows are kept. The last line may be cut off.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Drop } from '../model/misc.js';
import type { LineParser } from './define.js';
import { get, str } from './util/k8s.js';
import { TS } from './util/k8s.js';

export const hubbleFlows: LineParser<Drop[]> = {
  id: 'hubble-flows',
  scope: 'root',
  format: 'json',
  kind: 'lines',
  preference: 10,
  files: [new RegExp(`^hubble-flows-.+-${TS}\\.json$`)],
  start(file) {
    const drops: Drop[] = [];
    const diagnostics: Diagnostic[] = [];
    let bad: { n: number; text: string } | null = null;
    let badCount = 0;
    return {
      line(text, n) {
        if (text.trim() === '') return;
        if (bad) {
          badCount++;
          diagnostics.push({ file, line: bad.n, level: 'warning', message: 'Invalid flow line: not JSON' });
          bad = null;
        }
        // Cheap test first: most flows are forwarded.
        if (!text.includes('DROPPED')) {
          // Not parsed (most flows are forwarded), but a line that is not a whole JSON object is noted.
          const t = text.trim();
          if (!t.startsWith('{') || !t.endsWith('}')) bad = { n, text };
          return;
        }
        let o: unknown;
        try {
          o = JSON.parse(text);
        } catch {
          bad = { n, text };
          return;
        }
        const flow = get(o, 'flow');
        if (str(flow, 'verdict') !== 'DROPPED') return;
        const proto = get(flow, 'l4');
        const l4 = proto && typeof proto === 'object' ? Object.keys(proto)[0] ?? null : null;
        const port = (side: 'source_port' | 'destination_port') => (l4 ? str(proto, l4, side) : null);
        const addr = (ip: string | null, p: string | null) => (ip ? (p ? `${ip}:${p}` : ip) : null);
        drops.push({
          src: { file, line: n },
          excerpt: excerptOf(text, text.indexOf('drop_reason_desc'), text.indexOf('drop_reason_desc') + 60),
          reason: str(flow, 'drop_reason_desc') ?? str(flow, 'drop_reason') ?? 'unknown',
          count: 1,
          direction: str(flow, 'traffic_direction'),
          srcEndpoint: str(flow, 'source', 'pod_name'),
          dstEndpoint: str(flow, 'destination', 'pod_name'),
          srcIdentity: str(flow, 'source', 'identity'),
          dstIdentity: str(flow, 'destination', 'identity'),
          srcAddress: addr(str(flow, 'IP', 'source'), port('source_port')),
          dstAddress: addr(str(flow, 'IP', 'destination'), port('destination_port')),
          protocol: l4,
          time: str(flow, 'time') ?? str(o, 'time'),
          kind: 'flow',
        });
      },
      end() {
        // A bad last line is the cut-off end of the stream, not a format problem.
        if (bad) diagnostics.push({ file, line: bad.n, level: 'warning', message: 'Truncated last flow line: skipped' });
        void badCount;
        return { data: drops, diagnostics };
      },
    };
  },
};

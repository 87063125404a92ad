import { renderBundle } from '../../scripts/lib/bundle.js';
import { buildCluster } from '../../scripts/lib/scenario.js';
import { BASE } from '../checks/scenario.js';

/** Strings that would run, break out or render as markup if any renderer failed to escape them (no spaces: they are node names too). */
export const PAYLOADS = {
  script: '<script>window.__pwned=1</script>',
  img: '<img/src=x/onerror=window.__pwned=2>',
  textarea: '</textarea><b>x</b>',
  handlebars: "{{constructor.constructor('window.__pwned=3')()}}",
  markdown: '[click](javascript:window.__pwned=4)',
};

/**
 * A bundle whose node names, a log line, a status line and a label carry the payloads, with faults so that
 * findings quote them.
 */
export function hostileFiles(): Record<string, string> {
  const nodes = [
    { name: `node-a${PAYLOADS.script}`, ip: '10.10.0.11', cidr: '10.0.0.0/24', pod: 'cilium-aaaaa' },
    { name: `node-b${PAYLOADS.img}`, ip: '10.10.0.12', cidr: '10.0.1.0/24', pod: 'cilium-bbbbb' },
    { name: `node-c${PAYLOADS.handlebars}`, ip: '10.10.0.13', cidr: '10.0.2.0/24', pod: 'cilium-ccccc' },
  ];
  const s = { ...BASE, nodes, faults: [{ kind: 'node-unreachable' as const, node: nodes[1]?.name as string }, { kind: 'log-errors' as const, node: nodes[0]?.name as string, count: 2 }] };
  const root = `cilium-sysdump-${s.timestamp}/`;
  const files: Record<string, string> = {};
  for (const f of renderBundle(buildCluster(s)).files) files[f.path.slice(root.length)] = f.content.toString('utf8');
  const log = `logs-cilium-aaaaa-cilium-agent-${s.timestamp}.log`;
  files[log] = `${files[log]}2024-05-13T14:00:00.000000000Z level=error msg="${PAYLOADS.textarea} ${PAYLOADS.markdown} ${PAYLOADS.script}" subsys=daemon\n`;
  const status = `cilium-bugtool-cilium-ccccc-${s.timestamp}/cmd/cilium-dbg-status---verbose.md`;
  files[status] = `Weird ${PAYLOADS.img}:   Failure ${PAYLOADS.script}\n${files[status]}`;
  return files;
}

// The node's routes: `ip -4 r` / `ip -6 r` (bugtool 1.10+, `cmd/ip--4-r.md`, `cmd/ip--6-r.md`: the main table) and
// `ip -4 route show table <N>` / `ip -6 …` for every numbered table `ip route show table all` names
// (`cmd/ip--4-route-show-table-<N>.md`; `cmd/ip--4-route-show-.md` when there is none), bugtool/cmd/configuration.go
// `routeCommands`. iproute2 prints one route per line (ip/iproute.c `print_route`): an optional type (`local`,
// `unreachable`, `blackhole`, …), the destination (`default`, a prefix, or a bare address for a host route), then
// `key value` attributes in a fixed order (`via`, `dev`, `proto`, `scope`, `src`, `metric`, the metrics such as
// `mtu [lock] N`, `pref`) and single-word flags (`onlink`, `linkdown`). A multipath route continues on
// tab-indented `nexthop via … dev … weight N` lines. Old iproute2 (before 4.x) put two spaces between some fields.
import { isIPv4, isIPv6 } from 'node:net';
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Route, Routes } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

/** Route types iproute2 prints before the destination (`rtnl_rtntype_n2a`). */
const TYPES = new Set(['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve']);

/** Attributes followed by one value. `mtu`, `advmss` and the other metrics may carry `lock` before it. */
const VALUED = new Set([
  'from', 'via', 'dev', 'table', 'proto', 'scope', 'src', 'metric', 'pref', 'expires', 'hoplimit', 'realm', 'realms', 'nhid', 'tos', 'dsfield',
  'error', 'weight', 'mtu', 'advmss', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'initcwnd', 'initrwnd', 'reordering', 'rto_min',
  'quickack', 'features', 'congctl', 'fastopen_no_cookie', 'ttl-propagate', 'encap', 'mpath', 'age', 'users', 'used', 'ipid',
]);

/** Flags kept per route. */
const MAX_FLAGS = 16;

/** Routes kept per file; a node of a 2,000-node cluster in tunnel mode has one per node, which fits. */
export const MAX_ROUTES = 5000;

function familyOf(file: string): 'ipv4' | 'ipv6' {
  return /(?:^|\/)ip--6-/.test(file) ? 'ipv6' : 'ipv4';
}

function tableOf(file: string): string {
  const m = /ip--[46]-route-show-table-([^/]+)\.md$/.exec(file);
  return m ? (m[1] as string) : 'main';
}

/** `default`, a prefix or a bare address, as a CIDR of the file's family; null when it is none of these. */
function destination(word: string, family: 'ipv4' | 'ipv6'): string | null {
  if (word === 'default') return family === 'ipv6' ? '::/0' : '0.0.0.0/0';
  const slash = word.indexOf('/');
  const ip = slash < 0 ? word : word.slice(0, slash);
  const v6 = isIPv6(ip);
  if (!v6 && !isIPv4(ip)) return null;
  if (slash < 0) return `${ip}/${v6 ? 128 : 32}`;
  const bits = word.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v6 ? 128 : 32) ? word : null;
}

function readRoute(words: string[], family: 'ipv4' | 'ipv6', line: number, excerpt: string): Route | null {
  let i = 0;
  let type = 'unicast';
  if (TYPES.has(words[0] as string) && words.length > 1) type = words[i++] as string;
  const dst = destination(words[i++] ?? '', family);
  if (!dst) return null;
  const route: Route = { line, excerpt, type, dst, via: null, dev: null, proto: null, scope: null, src: null, metric: null, mtu: null, flags: [], nexthops: [] };
  while (i < words.length) {
    const key = words[i++] as string;
    if (!VALUED.has(key)) {
      // Bounded: a route has a handful of flags, a garbled line could have a million words.
      if (route.flags.length < MAX_FLAGS) route.flags.push(key);
      continue;
    }
    if ((key === 'via' && (words[i] === 'inet' || words[i] === 'inet6')) || (words[i] === 'lock' && i + 1 < words.length)) i++;
    const value = words[i++];
    if (value === undefined) break;
    if (key === 'via') route.via = value;
    else if (key === 'dev') route.dev = value;
    else if (key === 'proto') route.proto = value;
    else if (key === 'scope') route.scope = value;
    else if (key === 'src') route.src = value;
    else if (key === 'metric' && /^\d+$/.test(value)) route.metric = Number(value);
    else if (key === 'mtu' && /^\d+$/.test(value)) route.mtu = Number(value);
  }
  return route;
}

export const ipRoute = defineParser<Routes>({
  id: 'ip-route',
  scope: 'agent',
  format: 'text',
  preference: 10,
  // A numbered table may hold no route of one family (an IPv4-only table read with `ip -6`).
  mayBeEmpty: true,
  files: [/^cmd\/ip--[46]-r\.md$/, /^cmd\/ip--[46]-route-show-(?:table-[^/]+)?\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const family = familyOf(file);
    const out: Routes = { file, family, table: tableOf(file), routes: [], omitted: 0 };
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    let last: Route | null = null;
    let firstOmitted = 0;
    lines.text.forEach((raw, i) => {
      if (isNoise(raw)) return;
      const n = i + 1;
      const words = raw.trim().split(/\s+/);
      if (/^\s/.test(raw) && words[0] === 'nexthop') {
        // A next hop of the multipath route above (`\tnexthop via 10.0.0.1 dev eth0 weight 1`).
        if (!last) {
          unread.add(n, `A next hop with no route above it: "${excerptOf(raw, 0, 80)}"`);
          return;
        }
        account.take(n);
        const via = words.indexOf('via');
        const dev = words.indexOf('dev');
        const gw = via >= 0 ? words[via + 1 + (words[via + 1] === 'inet' || words[via + 1] === 'inet6' ? 1 : 0)] : undefined;
        if (last.nexthops.length < 64) last.nexthops.push({ via: gw ?? null, dev: dev >= 0 ? (words[dev + 1] ?? null) : null });
        return;
      }
      const route = readRoute(words, family, n, excerptOf(lines.raw[i] as string));
      if (!route) {
        last = null;
        // iproute2's and the kernel's own errors (`Error: ipv4: FIB table does not exist.`, `Dump terminated`).
        const failed = /^(?:Error: |RTNETLINK answers: |Dump terminated)/.test(raw.trim());
        unread.add(n, failed ? `ip route failed: "${excerptOf(raw.trim(), 0, 120)}"` : `Not a route: "${excerptOf(raw, 0, 80)}"`);
        return;
      }
      account.take(n);
      if (out.routes.length >= MAX_ROUTES) {
        if (out.omitted++ === 0) firstOmitted = n;
        last = null;
        return;
      }
      out.routes.push(route);
      last = route;
    });
    unread.close('routes');
    if (out.omitted > 0) diagnostics.push({ file, line: firstOmitted, level: 'warning', message: `${out.omitted} routes from this line on are counted, not kept: only the first ${MAX_ROUTES} are read` });
    if (out.routes.length === 0 && unread.count > 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No route in the output' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});

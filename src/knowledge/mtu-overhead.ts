// The bytes Cilium takes off the native device's MTU for the routes to other nodes, per datapath mode. Data with its
// source (house style 24): `pkg/mtu/mtu.go` (constants and `GetRouteMTU`), unchanged in these figures from 1.10
// (WireGuard's was added then, commit 6ae08fdcdb) to the mirror's HEAD b095517e62 (1.17.0-dev); the tunnel figure is
// also in `Documentation/network/concepts/routing.rst` §Encapsulation ("50 bytes per network packet for VXLAN").

const MTU_GO = 'cilium/cilium pkg/mtu/mtu.go@b095517e62';

export interface MtuOverhead {
  id: 'tunnel' | 'ipsec' | 'wireguard';
  bytes: number;
  /** What the bytes are, as the source counts them. */
  what: string;
  note?: string;
  sources: readonly string[];
}

export const MTU_OVERHEADS: readonly MtuOverhead[] = [
  {
    id: 'tunnel',
    bytes: 50,
    what: 'VXLAN or Geneve encapsulation: outer IPv4 header 20, UDP 8, VXLAN 8, inner Ethernet 14 (TunnelOverhead)',
    note: 'DSR with Geneve options in hs-ipcache mode adds 12 more (DsrTunnelOverhead)',
    sources: [MTU_GO, 'cilium/cilium Documentation/network/concepts/routing.rst@b095517e62 §MTU Overhead'],
  },
  {
    id: 'ipsec',
    bytes: 77,
    what: 'IPsec ESP: outer IP header 20, SPI 4, sequence number 4, next header 1, ICV 16, padding 16, 128-bit authentication 16 (EncryptionIPsecOverhead)',
    note: 'plus the difference between the key\'s authentication length and 16 bytes, for non-default keys',
    sources: [MTU_GO],
  },
  {
    id: 'wireguard',
    bytes: 80,
    what: 'WireGuard: message header 32, outer IPv4 or IPv6 header 40, UDP 8 (WireguardOverhead, after drivers/net/wireguard/device.c)',
    sources: [MTU_GO],
  },
];

/**
 * Where releases take off less than `routeOverhead` says, each with its source. A check that flags routes whose MTU is
 * too large must use the smallest figure any release uses, or it reports agents that work as their release intends.
 * (The other way round, cilium/cilium#45940 of 2026-05 raises WireGuard's 80 to 95 for the cipher's padding: route
 * MTUs get smaller, which no such check mistakes for too large.)
 */
export const ROUTE_OVERHEAD_EXCEPTIONS: readonly { mode: string; bytes: number; releases: string; sources: readonly string[] }[] = [
  {
    mode: 'WireGuard with a tunnel',
    bytes: 80,
    releases: 'before cilium/cilium#30329 (main 1.16.0-dev, 2024-01-30, backported to 1.15): GetRouteMTU took off WireGuard\'s 80 bytes only, the tunnel\'s 50 not, since packets were not encapsulated before WireGuard until cilium/cilium#29000',
    sources: ['https://github.com/cilium/cilium/pull/30329', 'cilium/cilium pkg/mtu/mtu.go@44c3dd0e6b'],
  },
];

/** The overhead `GetRouteMTU` takes off for a node's routes to other nodes: WireGuard or IPsec, plus the tunnel. */
export function routeOverhead(mode: { tunnel: boolean; encryption: 'ipsec' | 'wireguard' | null }): { bytes: number; parts: MtuOverhead[] } {
  const parts = MTU_OVERHEADS.filter((o) => (o.id === 'tunnel' && mode.tunnel) || o.id === mode.encryption);
  return { bytes: parts.reduce((sum, o) => sum + o.bytes, 0), parts };
}

/**
 * The smallest overhead any release from 1.10 on takes off in this mode (`ROUTE_OVERHEAD_EXCEPTIONS`): with WireGuard
 * and a tunnel, WireGuard's bytes alone.
 */
export function smallestRouteOverhead(mode: { tunnel: boolean; encryption: 'ipsec' | 'wireguard' | null }): { bytes: number; parts: MtuOverhead[] } {
  return routeOverhead(mode.encryption === 'wireguard' ? { tunnel: false, encryption: 'wireguard' } : mode);
}

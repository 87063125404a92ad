/**
 * The check catalog of CONTRACT.md: every slug with its stable id. Ids are never reused; a retired check stays
 * here as a comment. The registry test compares this table, the check files and the contract.
 */
export const CATALOG = {
  'agent-missing': 'CR-1001',
  'agent-degraded': 'CR-1002',
  'controllers-failing': 'CR-1003',
  'agent-restarts': 'CR-1004',
  'version-skew': 'CR-1005',
  'config-drift': 'CR-1006',
  'node-view-mismatch': 'CR-1007',
  'ciliumnode-orphan': 'CR-1008',
  'pod-cidr-overlap': 'CR-2001',
  'pod-cidr-mismatch': 'CR-2002',
  'ipam-exhaustion': 'CR-2003',
  'node-unreachable': 'CR-3001',
  'agent-isolated': 'CR-3002',
  'health-partition': 'CR-3003',
  'health-asymmetric': 'CR-3004',
  'health-latency': 'CR-3005',
  'endpoint-ip-outside-cidr': 'CR-4001',
  'endpoint-ip-duplicate': 'CR-4002',
  'endpoint-not-ready': 'CR-4003',
  'endpoint-stale': 'CR-4004',
  'service-inconsistent': 'CR-5001',
  'service-no-backends': 'CR-5002',
  drops: 'CR-6001',
  'log-errors': 'CR-7001',
  'bundle-gaps': 'CR-9001',
  'agent-folders-implausible': 'CR-9051',
} as const satisfies Record<string, `CR-${number}`>;

export type CheckSlug = keyof typeof CATALOG;

import type { Bundle } from '../../src/model/bundle.js';

/** A bundle with nothing in it: every check must cope with this without throwing. */
export function emptyBundle(): Bundle {
  return {
    info: { name: 'empty', format: 'dir', root: null, timestamp: null, collectedAt: null, ciliumCliVersion: null, files: 0, bytes: 0 },
    sysdumpLog: null,
    k8s: {
      version: null,
      nodes: null,
      pods: null,
      ciliumNodes: null,
      ciliumEndpoints: null,
      ciliumIdentities: null,
      services: null,
      endpointSlices: null,
      ciliumConfig: null,
      events: null,
      podRows: null,
      nodeUsage: null,
    },
    agents: [],
    podLogs: [],
    health: null,
    gaps: [],
    ledger: [],
    diagnostics: [],
  };
}

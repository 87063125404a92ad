import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KNOWN_MESSAGES, type Component } from '../../src/knowledge/log-messages.js';
import { agentLogs } from '../../src/parsers/agent-logs.js';
import { parseText } from './harness.js';

/** A container of each knowledge-base component, for a log file name the parser reads the component from. */
const CONTAINER: Record<Component, string> = {
  'cilium-agent': 'cilium-agent',
  'cilium-operator': 'cilium-operator',
  'hubble-relay': 'hubble-relay',
  'clustermesh-apiserver': 'clustermesh-apiserver',
  'cilium-envoy': 'cilium-envoy',
  init: 'config',
};

/**
 * The wiring of the knowledge base into the log parser: each entry's own real line, read from a log of its
 * component, is kept as a signature (a decisive warning included) at one of the entry's levels and carries the
 * entry's id. Lines without a level field (init containers, Envoy, the verifier dump) go through the same parser.
 */
describe('agent-logs: known messages', () => {
  for (const k of KNOWN_MESSAGES) {
    for (const component of k.components) {
      it(`${k.id} in a ${component} log`, () => {
        const body = k.example.replace(/^\d{4}-\d{2}-\d{2}T\S+\s/, '');
        const file = `cilium-sysdump-20240513-141502/logs-cilium-x7k2p-${CONTAINER[component]}-20240513-141502.log`;
        const r = parseText(agentLogs, `2024-05-13T14:10:00.000000001Z ${body}\n`, file);
        assert.deepEqual(r.data?.signatures.map((s) => [s.known, (k.levels as readonly string[]).includes(s.level) ? 'at one of its levels' : s.level]), [[k.id, 'at one of its levels']]);
        assert.deepEqual(r.data?.last.map((l) => l.known), [k.id]);
      });
    }
  }
});

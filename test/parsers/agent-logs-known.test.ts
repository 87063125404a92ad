import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KNOWN_MESSAGES, type Component } from '../../src/knowledge/log-messages.js';
import { agentLogs, readRecord } from '../../src/parsers/agent-logs.js';
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
 * component, is kept as a signature (a decisive warning included) that carries the entry's id.
 */
describe('agent-logs: known messages', () => {
  for (const k of KNOWN_MESSAGES) {
    for (const component of k.components) {
      it(`${k.id} in a ${component} log`, (t) => {
        const body = k.example.replace(/^\d{4}-\d{2}-\d{2}T\S+\s/, '');
        const level = readRecord(body)?.level;
        if (!level || !(k.levels as readonly string[]).includes(level)) return t.skip(`the example reads as level ${level ?? 'none'}, not one of ${k.levels.join(', ')}`);
        const file = `cilium-sysdump-20240513-141502/logs-cilium-x7k2p-${CONTAINER[component]}-20240513-141502.log`;
        const r = parseText(agentLogs, `2024-05-13T14:10:00.000000001Z ${body}\n`, file);
        assert.deepEqual(r.data?.signatures.map((s) => s.known), [k.id]);
        assert.deepEqual(r.data?.last.map((l) => l.known), [k.id]);
      });
    }
  }
});

// A parse worker (parse-pool.ts): parses the files the main thread sends it with the registered parsers, by
// their index in PARSERS, and sends back what they gave. The one state kept between files is which shared rows
// (node list and service rows, by their key) were sent already: those are sent as a number (RowRefs).
import { parentPort } from 'node:worker_threads';
import type { LineParser, TextParser } from '../../parsers/define.js';
import { PARSERS } from '../../parsers/index.js';
import { asBuffer, inflateMemberSync } from '../unpack/member.js';
import { parseLinesFile, parseTextFile, type RowKeys, type RowRefs, sharedRowsOf } from './parse-file.js';
import type { ParseJob, ParseReply } from './parse-pool.js';

/**
 * Distinct rows per kind this worker numbers; past it rows are sent whole each time (a bundle whose agents all
 * disagree would only grow the table).
 */
const MAX_SENT = 50_000;

/** What this worker sent of one kind of row: the rows by key, and the last list with the number of each row. */
interface Sent {
  numbers: Map<string, number>;
  last: unknown[];
  lastNumbers: Int32Array;
}
const sent: Record<'nodes' | 'services', Sent> = {
  nodes: { numbers: new Map(), last: [], lastNumbers: new Int32Array(0) },
  services: { numbers: new Map(), last: [], lastNumbers: new Int32Array(0) },
};

/**
 * Replaces the rows sent before by their number (RowRefs) and gives the keys of the others; mutates `rows`. A row
 * equal to the one at its place in the last list (agents print their lists in one order) is known without
 * making its key: at 2,000 nodes that is 4 million JSON.stringify calls fewer.
 */
function refer(rows: unknown[] | undefined, kind: Sent): { refs: Int32Array; keys: string[] } | undefined {
  if (!rows) return undefined;
  const refs = new Int32Array(rows.length);
  const numbers = new Int32Array(rows.length);
  const keys: string[] = new Array(rows.length).fill('');
  const original = rows.slice();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const before = kind.lastNumbers[i];
    let at = before !== undefined && before >= 0 && sameData(row, kind.last[i]) ? before : undefined;
    if (at === undefined) {
      const key = JSON.stringify(row);
      at = kind.numbers.get(key);
      if (at === undefined) {
        keys[i] = key;
        if (kind.numbers.size < MAX_SENT) {
          numbers[i] = kind.numbers.size;
          kind.numbers.set(key, kind.numbers.size);
          refs[i] = -1;
        } else {
          numbers[i] = -2;
          refs[i] = -2;
        }
        continue;
      }
    }
    refs[i] = at;
    numbers[i] = at;
    rows[i] = null;
  }
  kind.last = original;
  kind.lastNumbers = numbers;
  return { refs, keys };
}

/** Deep equality of parsed data, keys in the same order: what makes JSON.stringify give the same text. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function refsOf(parserId: string, data: unknown): { keys: RowKeys; refs: RowRefs } | undefined {
  const rows = sharedRowsOf(parserId, data);
  if (!rows.nodes && !rows.services) return undefined;
  const nodes = refer(rows.nodes, sent.nodes);
  const services = refer(rows.services, sent.services);
  return {
    keys: { ...(nodes ? { nodes: nodes.keys } : {}), ...(services ? { services: services.keys } : {}) },
    refs: { ...(nodes ? { nodes: nodes.refs } : {}), ...(services ? { services: services.refs } : {}) },
  };
}

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread');

port.on('message', (job: ParseJob) => {
  let reply: ParseReply;
  try {
    const parser = PARSERS[job.parser];
    if (!parser || parser.kind !== job.kind) throw new Error(`no ${job.kind} parser at index ${job.parser}`);
    // A member that does not inflate to its declared size is unreadable, as on the main thread (member.ts).
    const content = job.packed ? inflateMemberSync({ bytes: job.buffer, ...job.packed }) : asBuffer(job.buffer);
    if (job.kind === 'text') {
      const outcome = parseTextFile(parser as TextParser<unknown>, content, job.file, job.pod, job.superseded ? new Set(job.superseded) : undefined, job.floor, false);
      const shared = refsOf(parser.id, outcome.result?.data);
      if (shared) {
        outcome.rowKeys = shared.keys;
        outcome.rowRefs = shared.refs;
      }
      reply = { id: job.id, kind: 'text', parser: job.parser, outcome };
    } else {
      reply = { id: job.id, kind: 'lines', outcome: parseLinesFile(parser as LineParser<unknown>, content, job.file) };
    }
  } catch (error) {
    reply = { id: job.id, kind: 'failed', message: (error as Error).message };
  }
  port.postMessage(reply);
});

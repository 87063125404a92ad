// A parse worker (parse-pool.ts): parses the files the main thread sends it with the registered parsers, by
// their index in PARSERS, and sends back what they gave. The one state kept between files is which shared rows
// (node list and service rows, by their key) were sent already: those are sent as a number (RowRefs).
import { parentPort } from 'node:worker_threads';
import type { LineParser, TextParser } from '../../parsers/define.js';
import { PARSERS } from '../../parsers/index.js';
import { asBuffer, inflateMemberSync } from '../unpack/member.js';
import { parseLinesFile, parseTextFile, type RowKeys, type RowRefs, rowKeysOf, sharedRowsOf } from './parse-file.js';
import type { ParseJob, ParseReply } from './parse-pool.js';

/**
 * Distinct rows per kind this worker numbers; past it rows are sent whole each time (a bundle whose agents all
 * disagree would only grow the table).
 */
const MAX_SENT = 50_000;
const sent = { nodes: new Map<string, number>(), services: new Map<string, number>() };

/** Replaces the rows sent before by their number (see RowRefs); mutates `rows` and `keys`. */
function refer(rows: unknown[] | undefined, keys: string[] | undefined, table: Map<string, number>): Int32Array | undefined {
  if (!rows || !keys || rows.length !== keys.length) return undefined;
  const refs = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const key = keys[i] as string;
    const at = table.get(key);
    if (at !== undefined) {
      refs[i] = at;
      rows[i] = null;
      keys[i] = '';
    } else if (table.size < MAX_SENT) {
      table.set(key, table.size);
      refs[i] = -1;
    } else {
      refs[i] = -2;
    }
  }
  return refs;
}

function refsOf(parserId: string, data: unknown, keys: RowKeys): RowRefs {
  const rows = sharedRowsOf(parserId, data);
  const nodes = refer(rows.nodes, keys.nodes, sent.nodes);
  const services = refer(rows.services, keys.services, sent.services);
  return { ...(nodes ? { nodes } : {}), ...(services ? { services } : {}) };
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
      const rowKeys = rowKeysOf(parser.id, outcome.result?.data);
      if (rowKeys) {
        outcome.rowKeys = rowKeys;
        outcome.rowRefs = refsOf(parser.id, outcome.result?.data, rowKeys);
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

// A parse worker (parse-pool.ts): parses the files the main thread sends it with the registered parsers, by
// their index in PARSERS, and sends back what they gave. Nothing here keeps state between files.
import { parentPort } from 'node:worker_threads';
import type { LineParser, TextParser } from '../../parsers/define.js';
import { PARSERS } from '../../parsers/index.js';
import { asBuffer, inflateMemberSync } from '../unpack/member.js';
import { parseLinesFile, parseTextFile, rowKeysOf } from './parse-file.js';
import type { ParseJob, ParseReply } from './parse-pool.js';

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
      if (rowKeys) outcome.rowKeys = rowKeys;
      reply = { id: job.id, kind: 'text', outcome };
    } else {
      reply = { id: job.id, kind: 'lines', outcome: parseLinesFile(parser as LineParser<unknown>, content, job.file) };
    }
  } catch (error) {
    reply = { id: job.id, kind: 'failed', message: (error as Error).message };
  }
  port.postMessage(reply);
});

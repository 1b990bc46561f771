/**
 * The parse-ahead worker thread (see `parse-ahead.ts`, `parse-worker.ts`): reads the lines it is sent with the fast
 * path and answers each, in the order received, with the line's records encoded (`line-records.ts`) or `undefined`
 * when the line is left to the general path. It holds no state beyond the reader's reused buffers.
 */
import { workerData } from 'node:worker_threads';
import { FastLineReader } from './fast-line.js';
import { encodeLineRecords } from './line-records.js';
import { type ParseAheadReply, type ParseAheadRequest, type ParseWorkerData, READY, SENT } from './parse-worker.js';

const { start, port, shared } = workerData as ParseWorkerData;
const words = new Int32Array(shared);
const reader = new FastLineReader(start.fast);

port.on('message', (request: ParseAheadRequest) => {
  const records = reader.read(Buffer.from(request.slot, 0, request.length));
  const reply: ParseAheadReply = {
    id: request.id,
    records:
      records === undefined
        ? undefined
        : encodeLineRecords(records, start.interest, { buffer: request.slot, from: request.length }),
  };
  port.postMessage(reply);
  // After the post: a main thread that sees the count go up finds the reply on its port.
  Atomics.add(words, SENT, 1);
  Atomics.notify(words, SENT);
});
Atomics.store(words, READY, 1);
Atomics.notify(words, READY);

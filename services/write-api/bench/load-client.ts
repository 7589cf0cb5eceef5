/**
 * The write bench's clients, in a child process: the server under test keeps its thread to
 * itself (PGlite runs there), as it would with its clients on other machines. `clients`
 * connections each send one request at a time, each of `batchSize` new sales, until `requests`
 * were sent; the latency of every request goes back to the parent.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { sampleData } from '@redstream/domain';

export interface LoadJob {
  url: string;
  key: string;
  clients: number;
  requests: number;
  batchSize: number;
  /** Order ids start with this, so runs in one store never collide. */
  prefix: string;
}

export interface LoadResult {
  seconds: number;
  latenciesMs: number[];
  failures: string[];
}

const job = await new Promise<LoadJob>((resolve) => process.once('message', resolve));
const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
const target = new URL(job.url);
let order = 0;
const sale = () => ({ id: randomUUID(), type: 'SaleRecorded', data: { ...sampleData.SaleRecorded, orderId: `${job.prefix}-${order++}` } });

function post(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { authorization: `Bearer ${job.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latenciesMs: number[] = [];
const failures: string[] = [];
let sent = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: job.clients }, async () => {
    while (sent < job.requests) {
      sent++;
      const body = JSON.stringify(Array.from({ length: job.batchSize }, sale));
      const t = performance.now();
      const { status, text } = await post(body);
      latenciesMs.push(performance.now() - t);
      if (status !== 200 || text.includes('"rejected"')) failures.push(`${status} ${text.slice(0, 300)}`);
    }
  }),
);
const result: LoadResult = { seconds: (performance.now() - started) / 1000, latenciesMs, failures };
agent.destroy();
process.send!(result, () => process.disconnect());

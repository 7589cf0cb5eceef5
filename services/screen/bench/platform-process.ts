import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashKey } from '@redstream/service-kit';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = `${ROOT}services/cli/src/main.ts`;

export interface ServerSpec {
  dataDir: string;
  adminKey: string;
  screenKey: string;
  /** 0: a free port (first start); a restart passes the port it had. */
  port: number;
  /** `REDSTREAM_SCREEN_SCOPE`, e.g. `region:371302`. */
  screenScope?: string;
  /** `REDSTREAM_SCREEN_HALLS`: the halls file (title, scope and playlist of each hall). */
  hallsFile?: string;
  /** More screen keys, each bound to a region (the key's scope, as `keys create … <region>` makes). */
  regionScreenKeys?: { key: string; regionCode: string }[];
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops the process (SIGTERM, then SIGKILL after 15 s); resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * The all-in-one process (`npm start -- --no-demo`: write API, projector, GraphQL, screen and
 * summaries on embedded stores in `dataDir`) as a child process, so a test can stop and start it
 * like an operator restarting the server. The screen key is written to `<dataDir>/keys.json`.
 */
export async function startPlatformProcess(spec: ServerSpec): Promise<RunningServer> {
  mkdirSync(spec.dataDir, { recursive: true });
  const keys = {
    keys: [
      { id: 'hall-screen', hash: hashKey(spec.screenKey), roles: ['screen'], families: [], label: 'big screen (browser test)' },
      ...(spec.regionScreenKeys ?? []).map((k, i) => ({ id: `hall-screen-${i + 1}`, hash: hashKey(k.key), roles: ['screen'], families: [], regionCode: k.regionCode, label: `big screen of ${k.regionCode} (browser test)` })),
    ],
  };
  writeFileSync(join(spec.dataDir, 'keys.json'), `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  // Node with tsx as a loader (not the tsx CLI, whose own child would outlive a SIGKILL of it).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'start', '--no-demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(spec.port),
      REDSTREAM_DATA_DIR: spec.dataDir,
      REDSTREAM_ADMIN_KEY: spec.adminKey,
      REDSTREAM_SCREEN_SCOPE: spec.screenScope ?? '',
      REDSTREAM_SCREEN_HALLS: spec.hallsFile ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /redstream is running on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!.replace('//localhost:', '//127.0.0.1:'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`screen server exited with ${code} before listening:\n${output}`)));
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`redstream process exited unexpectedly (${code ?? signal}):\n${output.slice(-4000)}\n`);
  });
  return {
    url,
    port: Number(new URL(url).port),
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

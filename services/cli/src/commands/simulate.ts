import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `redstream simulate …` runs the simulator's own command line (services/simulator/src/main.ts). */
export async function run(args: string[]): Promise<void> {
  const main = join(dirname(fileURLToPath(import.meta.resolve('@redstream/simulator'))), 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) process.exit(code);
}

import { runSummaryCommand } from '@redstream/summaries';

/** `redstream summary …`: options are parsed by the summaries service (services/summaries/src/cli.ts). */
export async function run(args: string[]): Promise<void> {
  const { out, bytes } = await runSummaryCommand(args);
  if (out !== '-') console.error(`wrote ${out} (${bytes} bytes)`);
}

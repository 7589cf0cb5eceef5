#!/usr/bin/env -S npx tsx
/**
 * The `redstream` command. Each subcommand lives in its own module and is loaded only when used,
 * so `redstream summary` does not start a web server and `redstream serve write` does not load
 * the screen's assets.
 */
const USAGE = `usage: redstream <command> [options]

  start [--no-demo]                     everything in one process on embedded stores (npm start)
  serve <write|graphql|projector|summaries|all>
                                        one service on its own, configured by environment variables
  summary --year 2025 --region 371302 [--format pdf|html|json] [--lang zh-CN|en] [--out file]
                                        an annual summary (年度总结)
  rebuild [projection|all]              rebuild read models from position 0 and swap them in
  projections <status|retry|skip --position P --reason …>
                                        a projection stopped at an event it cannot apply: look, retry, or skip it
  keys create <id> <roles> [families] [regionCode] | keys list | keys revoke <id>
                                        create an API key (hash stored, plaintext printed once)
  bench                                 every benchmark, one table beside DESIGN.md's targets
  simulate [options]                    the region simulator (see services/simulator)
`;

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  start: () => import('./commands/start.ts'),
  serve: () => import('./commands/serve.ts'),
  summary: () => import('./commands/summary.ts'),
  rebuild: () => import('./commands/rebuild.ts'),
  projections: () => import('./commands/projections.ts'),
  keys: () => import('./commands/keys.ts'),
  bench: () => import('./commands/bench.ts'),
  simulate: () => import('./commands/simulate.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  console.error(name && name !== '--help' ? `unknown command: ${name}\n\n${USAGE}` : USAGE);
  process.exit(name === '--help' ? 0 : 2);
}
try {
  await (await load()).run(args);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

import { startScreenStack } from './stack.ts';

/**
 * Runs the screen stack as its own process (browser tests restart it like a server):
 * SCREEN_STACK_DIR, SCREEN_STACK_PORT (0 = free), SCREEN_STACK_ADMIN_KEY, SCREEN_STACK_SCREEN_KEY,
 * SCREEN_STACK_SCOPE_REGION. Prints `listening <url>` once it serves, stops on SIGTERM/SIGINT.
 */
const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const stack = await startScreenStack({
  dataDir: need('SCREEN_STACK_DIR'),
  port: Number(process.env.SCREEN_STACK_PORT ?? 0),
  adminKey: need('SCREEN_STACK_ADMIN_KEY'),
  screenKey: need('SCREEN_STACK_SCREEN_KEY'),
  defaultScope: process.env.SCREEN_STACK_SCOPE_REGION ? { regionCode: process.env.SCREEN_STACK_SCOPE_REGION } : {},
});
process.stdout.write(`listening ${stack.url}\n`);
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  // Open SSE streams can hold a graceful close; a screen must recover from a hard stop anyway.
  setTimeout(() => process.exit(0), 5000).unref();
  void stack.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

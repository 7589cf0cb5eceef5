/**
 * Runs one benchmark function in a process of its own and prints its figures as the last line
 * of output, as JSON: chDB binds one data directory per process, and a benchmark's memory and
 * CPU should not colour the next one.
 *   tsx run-one.ts <module path> <export name> [json options]
 */
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, json] = process.argv.slice(2);
const mod = (await import(pathToFileURL(modulePath!).href)) as Record<string, (options?: unknown) => Promise<unknown>>;
const figures = await mod[exportName!]!(json ? JSON.parse(json) : undefined);
console.log(`\n${JSON.stringify(figures, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
process.exit(0);

import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded store's directory is open in another live process. */
export class DirectoryInUse extends Error {}

/** Lock files this process holds (a lock naming this pid but not held here is a previous incarnation's: a container restarted with the same pid). */
const held = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One process owns an embedded store directory at a time. PGlite does not enforce it (its
 * postmaster.pid always says -42), and two processes writing the same files corrupt them: the next
 * open aborts. So a lock file names the owner's pid, created exclusively; a lock whose process is
 * gone (a crash, a SIGKILL) is taken over. Returns the release.
 */
export function lockDirectory(dir: string): () => void {
  const file = join(dir, 'redstream.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(file);
      return () => {
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, 'utf8').trim());
      } catch {
        continue; // released meanwhile
      }
      const ours = owner === process.pid;
      if (Number.isInteger(owner) && owner > 0 && (ours ? held.has(file) : alive(owner))) {
        const who = ours ? 'this process already' : `process ${owner}`;
        throw new DirectoryInUse(`the event store in ${dir} is open in ${who}: one process owns it at a time (stop the other, or use another REDSTREAM_DATA_DIR; if no such process is redstream, delete ${file})`);
      }
      rmSync(file, { force: true }); // its owner is gone
    }
  }
  throw new DirectoryInUse(`could not lock the event store in ${dir} (${file} keeps changing)`);
}

/**
 * Every compose file under infra/ must be valid: `docker compose -f <file> config -q`, with the
 * variables it requires (`${VAR:?…}`) set to dummies. Also: those variables really are required
 * (no secret has a committed default), the Caddyfile validates, and the committed cluster DDL is
 * what the generator prints for today's migrations.
 *
 * Needs only the docker *client* with compose (the v2 plugin `docker compose`, or Debian's
 * `docker-compose`); no engine. Skips, saying so, when neither is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const infra = join(root, 'infra');

function composeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return composeFiles(path);
    return /\.ya?ml$/.test(name) && /^services:/m.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

/** The compose command available here: the v2 plugin, else the standalone v1, else none. */
function composeCommand(): string[] | undefined {
  const candidates = [['docker', 'compose'], ['docker-compose']];
  for (const cmd of candidates) {
    const [bin, ...args] = cmd as [string, ...string[]];
    const r = spawnSync(bin, [...args, 'version'], { encoding: 'utf8' });
    if (r.status === 0) return cmd;
  }
  return undefined;
}

function requiredVars(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1] ?? ''))].sort();
}

/** The environment of this process minus anything a compose file may read, so results do not depend on the caller's shell. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(PATH|HOME|LANG|LC_\w+|TMPDIR|DOCKER_CONFIG|XDG_\w+)$/.test(k)) env[k] = v;
  }
  return env;
}

const files = composeFiles(infra);
const compose = composeCommand();

describe('compose files under infra/', () => {
  it('exist: single node and cluster', () => {
    expect(files.map((f) => relative(root, f)).sort()).toEqual(expect.arrayContaining(['infra/compose/cluster.yml', 'infra/compose/single-node.yml']));
  });

  if (!compose) {
    it.skip('skipped: no compose client (neither `docker compose` nor `docker-compose`); install the docker CLI compose plugin or Debian\'s docker-compose', () => {});
    console.warn('compose validation skipped: neither `docker compose` nor `docker-compose` is installed');
    return;
  }
  const [bin, ...pre] = compose as [string, ...string[]];

  for (const file of files) {
    const name = relative(root, file);
    const required = requiredVars(readFileSync(file, 'utf8'));
    const dummies = Object.fromEntries(required.map((v) => [v, `dummy-${v.toLowerCase().replace(/_/g, '-')}-0123456789`]));

    it(`${name} passes \`${compose.join(' ')} config -q\` with its required variables set`, () => {
      const r = spawnSync(bin, [...pre, '-f', file, 'config', '-q'], { encoding: 'utf8', env: { ...cleanEnv(), ...dummies }, cwd: root });
      expect(r.status, r.stderr).toBe(0);
    });

    it(`${name} refuses to start without each required secret`, () => {
      expect(required).toEqual(expect.arrayContaining(['CLICKHOUSE_PASSWORD', 'REDSTREAM_ADMIN_KEY']));
      for (const missing of required) {
        const env = { ...cleanEnv(), ...dummies };
        delete env[missing];
        const r = spawnSync(bin, [...pre, '-f', file, 'config', '-q'], { encoding: 'utf8', env, cwd: root });
        expect(r.status, `${missing} unset`).not.toBe(0);
        expect(r.stderr).toContain(missing);
      }
    });

    it(`${name} runs each service from the one Dockerfile with the env contract`, () => {
      const r = spawnSync(bin, [...pre, '-f', file, 'config'], { encoding: 'utf8', env: { ...cleanEnv(), ...dummies }, cwd: root });
      expect(r.status).toBe(0);
      const out = r.stdout;
      for (const service of ['write', 'graphql', 'projector', 'summaries']) expect(out).toMatch(new RegExp(`SERVICE: ${service}\\b`));
      expect(out).toContain('dockerfile: infra/Dockerfile');
      expect(out).toMatch(/EVENTSTORE_URL: esdb:\/\/kurrentdb/);
      expect(out).toMatch(/CLICKHOUSE_URL: http:\/\/default:dummy-clickhouse-password-0123456789@/);
    });
  }
});

describe('entry point', () => {
  const caddy = spawnSync('caddy', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!caddy)('infra/caddy/Caddyfile validates (skipped when the caddy binary is absent)', () => {
    const r = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', join(infra, 'caddy/Caddyfile')], {
      encoding: 'utf8',
      env: { ...cleanEnv(), WRITE_UPSTREAMS: 'write:4000', GRAPHQL_UPSTREAMS: 'graphql-1:4000 graphql-2:4000', SUMMARIES_UPSTREAMS: 'summaries:4000' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('Valid configuration');
  });
});

describe('cluster DDL', () => {
  it('infra/clickhouse/cluster/generated.sql is what the generator prints for the current migrations (regenerate: infra/scripts/generate-cluster-ddl.sh)', () => {
    const fresh = execFileSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'projections/src/cluster/print-cluster-ddl.ts'), '--cluster', 'redstream', '--database', 'default'],
      { encoding: 'utf8', cwd: root, env: cleanEnv() },
    );
    const committed = readFileSync(join(infra, 'clickhouse/cluster/generated.sql'), 'utf8');
    expect(committed, 'generated.sql is stale: run infra/scripts/generate-cluster-ddl.sh').toBe(fresh);
  });
});

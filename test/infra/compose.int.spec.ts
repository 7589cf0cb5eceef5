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
import { parse } from 'yaml';

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

/** A compose file's services as compose reads them (YAML merge keys resolved); no compose client needed. */
interface Service {
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  entrypoint?: unknown;
  volumes?: string[];
}
const servicesOf = (file: string): Record<string, Service> => (parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, Service> }).services;
const dependsOn = (s: Service): Record<string, string> =>
  Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((n) => [n, 'service_started'])) : Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([n, d]) => [n, d.condition]));

describe('start order and who migrates, as the code does it (services/cli/src/schema.ts)', () => {
  for (const file of ['infra/compose/single-node.yml', 'infra/compose/cluster.yml']) {
    const services = servicesOf(join(root, file));
    const role = (service: string) => Object.entries(services).filter(([, s]) => s.environment?.SERVICE === service).map(([name]) => name);
    // ClickHouse servers: the image run as itself (Keepers run the same image with another entrypoint).
    const clickhouseNodes = Object.entries(services).filter(([, s]) => /clickhouse-server/.test(s.image ?? '') && s.entrypoint === undefined).map(([name]) => name);
    const kurrentdb = Object.keys(services).filter((n) => n.startsWith('kurrentdb'));

    it(`${file}: the projector, the one schema runner, starts once every store node is healthy`, () => {
      expect(role('projector')).toEqual(['projector']);
      expect(clickhouseNodes.length).toBeGreaterThan(0);
      const deps = dependsOn(services.projector!);
      for (const node of [...clickhouseNodes, ...kurrentdb]) expect(deps[node], `projector after ${node}`).toBe('service_healthy');
      // Nothing else applies DDL: no init container, no SQL mounted into a ClickHouse client.
      for (const [name, s] of Object.entries(services)) expect((s.volumes ?? []).join(' '), name).not.toMatch(/\.sql\b/);
    });

    it(`${file}: GraphQL and summaries start after the projector is healthy (the schema applied); write needs only the log`, () => {
      for (const name of [...role('graphql'), ...role('summaries')]) expect(dependsOn(services[name]!).projector, name).toBe('service_healthy');
      for (const name of role('write')) {
        const deps = Object.keys(dependsOn(services[name]!));
        expect(deps.filter((d) => clickhouseNodes.includes(d) || d === 'projector'), name).toEqual([]);
        expect(deps.length).toBeGreaterThan(0);
      }
      for (const name of ['write', 'projector', 'graphql', 'summaries'].flatMap(role)) expect(services[name]!.healthcheck?.test.join(' '), name).toContain('/health');
    });

    it(`${file}: CLICKHOUSE_CLUSTER is set exactly on the cluster`, () => {
      for (const name of ['projector', 'graphql', 'summaries'].flatMap(role)) {
        expect(services[name]!.environment?.CLICKHOUSE_CLUSTER, name).toBe(file.includes('cluster') ? 'redstream' : undefined);
      }
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

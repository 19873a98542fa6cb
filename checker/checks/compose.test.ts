import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../engine/context.ts';
import type { DockerView } from '../environments/docker-view.ts';
import { filesView } from '../environments/files-view.ts';
import { composeCheck, composeLiveCheck } from '../schemas/checks-files.ts';
import { compose, composeLive, envFileEntries, parseComposeYaml, parseDotEnv, parsePort, parseVolume, readComposeText, shellSplit } from './compose.ts';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

function modelOf(text: string, options: { dotenv?: string; baseDir?: string } = {}) {
  const r = readComposeText(text, options);
  if (!r.ok) throw new Error(r.problem);
  return r.model;
}

function problemOf(text: string, options: { dotenv?: string } = {}) {
  const r = readComposeText(text, options);
  return r.ok ? 'valid' : r.problem;
}

describe('normalisation (as docker compose config)', () => {
  const text = yaml(
    'name: shop',
    'services:',
    '  web:',
    '    build: ./web',
    '    command: node server.js --port "8080"',
    '    depends_on: [db, cache]',
    '    environment:',
    '      - NODE_ENV=production',
    '      - DATABASE_URL=postgres://db:5432/shop?sslmode=disable',
    '      - DEBUG',
    '    ports:',
    '      - "8080:80"',
    '      - "127.0.0.1:9229:9229/udp"',
    '      - 3000',
    '    volumes:',
    '      - ./src:/app/src:ro',
    '      - uploads:/app/uploads',
    '      - /app/tmp',
    '    networks: [front, back]',
    '  db:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_DB: shop',
    '      POSTGRES_PORT: 5432',
    '    healthcheck:',
    '      test: pg_isready -U postgres',
    '      interval: 5s',
    '    networks: [back]',
    '  cache:',
    '    image: redis:7',
    '    depends_on:',
    '      db:',
    '        condition: service_healthy',
    'volumes:',
    '  uploads:',
    'networks:',
    '  front: {}',
    '  back:',
  );
  const model = modelOf(text, { baseDir: '/work/shop' });

  it('turns depends_on lists into maps with service_started', () => {
    expect(model.services.web.depends_on).toEqual({ db: { condition: 'service_started', required: true }, cache: { condition: 'service_started', required: true } });
    expect(model.services.cache.depends_on).toEqual({ db: { condition: 'service_healthy', required: true } });
  });

  it('turns environment lists into maps, values as strings', () => {
    expect(model.services.web.environment).toEqual({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db:5432/shop?sslmode=disable', DEBUG: null });
    expect(model.services.db.environment).toEqual({ POSTGRES_DB: 'shop', POSTGRES_PORT: '5432' });
  });

  it('expands port short syntax', () => {
    expect(model.services.web.ports).toEqual([
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 9229, published: '9229', protocol: 'udp' },
      { mode: 'ingress', target: 3000, protocol: 'tcp' },
    ]);
  });

  it('expands volume short syntax into bind, named and anonymous mounts', () => {
    expect(model.services.web.volumes).toEqual([
      { type: 'bind', source: '/work/shop/src', target: '/app/src', read_only: true, bind: { create_host_path: true } },
      { type: 'volume', source: 'uploads', target: '/app/uploads', volume: {} },
      { type: 'volume', target: '/app/tmp', volume: {} },
    ]);
  });

  it('turns a healthcheck test string into CMD-SHELL, network lists into maps, build and command into long forms', () => {
    expect(model.services.db.healthcheck).toEqual({ test: ['CMD-SHELL', 'pg_isready -U postgres'], interval: '5s' });
    expect(model.services.web.networks).toEqual({ front: null, back: null });
    expect(model.services.web.build).toEqual({ context: '/work/shop/web', dockerfile: 'Dockerfile' });
    expect(model.services.web.command).toEqual(['node', 'server.js', '--port', '8080']);
    expect(model.volumes).toEqual({ uploads: {} });
    expect(model.networks).toEqual({ front: {}, back: {} });
  });

  it('interpolates variables from .env, with defaults', () => {
    const m = modelOf(yaml('services:', '  web:', '    image: "nginx:${NGINX_TAG}"', '    ports: ["${PORT:-8080}:80"]', '    command: echo $$HOME'), { dotenv: '# versions\nNGINX_TAG="1.27"\n' });
    expect(m.services.web.image).toBe('nginx:1.27');
    expect(m.services.web.ports).toEqual([{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]);
    expect(m.services.web.command).toEqual(['echo', '$HOME']);
    expect(problemOf(yaml('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: ${DB_PASSWORD:?set a password}'))).toBe(
      'services.db.environment.POSTGRES_PASSWORD needs variable DB_PASSWORD (set a password); set it in .env beside the compose file',
    );
  });
});

describe('parsePort, parseVolume, shellSplit, parseDotEnv', () => {
  it('parses ranges and long syntax', () => {
    expect(parsePort('8000-8001:9000-9001', 'p')).toEqual([
      { mode: 'ingress', target: 9000, published: '8000', protocol: 'tcp' },
      { mode: 'ingress', target: 9001, published: '8001', protocol: 'tcp' },
    ]);
    expect(parsePort({ target: '80', published: 8080 }, 'p')).toEqual([{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]);
    expect(parsePort('[::1]:8080:80', 'p')).toEqual([{ mode: 'ingress', host_ip: '::1', target: 80, published: '8080', protocol: 'tcp' }]);
  });

  it('refuses ports that are not ports', () => {
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    ports: ["8080:http"]'))).toBe('services.web.ports[0]: "http" is not a port number');
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    ports: ["1:2:3:4"]'))).toBe(
      'services.web.ports[0]: "1:2:3:4" is not a port mapping; write "HOST:CONTAINER", e.g. "8080:80"',
    );
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    ports: "8080:80"'))).toBe('services.web.ports must be a list, e.g. - "8080:80"');
  });

  it('parses volumes without a base folder, and keeps long syntax', () => {
    expect(parseVolume('./data:/data', 'v')).toEqual({ type: 'bind', source: './data', target: '/data', bind: { create_host_path: true } });
    expect(parseVolume('cache:/cache:nocopy', 'v')).toEqual({ type: 'volume', source: 'cache', target: '/cache', volume: { nocopy: true } });
    expect(parseVolume({ type: 'tmpfs', target: '/tmp' }, 'v')).toEqual({ type: 'tmpfs', target: '/tmp' });
  });

  it('splits commands as a shell would', () => {
    expect(shellSplit(`sh -c 'echo "hi there"' a\\ b ""`)).toEqual(['sh', '-c', 'echo "hi there"', 'a b', '']);
  });

  it('reads env_file in its three forms', () => {
    expect(envFileEntries('a.env', 'services.web.env_file')).toEqual([{ path: 'a.env', required: true }]);
    expect(envFileEntries(['a.env', { path: 'b.env', required: false }], 'services.web.env_file')).toEqual([
      { path: 'a.env', required: true },
      { path: 'b.env', required: false },
    ]);
    expect(() => envFileEntries([{ required: true }], 'services.web.env_file')).toThrow('services.web.env_file[0] must be a file name or {path: <file>, required: true|false}');
  });

  it('reads .env files', () => {
    expect(parseDotEnv('# c\nexport A=1\nB="two words"\nC=x # note\n\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });
});

describe('validation', () => {
  it('reports YAML syntax errors with line and column', () => {
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '   ports: ["80:80"]'))).toBe('YAML syntax error at line 4, column 1: All mapping items must start at the same column');
    expect(parseComposeYaml(yaml('services:', '  web: {image: a}', '  web: {image: b}'))).toEqual({ ok: false, problem: 'YAML syntax error at line 3, column 3: Map keys must be unique' });
  });

  it('requires a services map', () => {
    expect(problemOf('')).toBe('the file is empty; start it with services:');
    expect(problemOf(yaml('- web'))).toBe('the file must be a map with a services: key at the top');
    expect(problemOf(yaml('volumes:', '  data:'))).toBe('no services; add a services: map with at least one service');
    expect(problemOf(yaml('service:', '  web:', '    image: nginx:1.27'))).toBe('unknown top-level key service; did you mean services?');
  });

  it('requires image or build, and known keys', () => {
    expect(problemOf(yaml('services:', '  worker:', '    command: ["run"]'))).toBe('services.worker has neither image nor build; add image: <name:tag> or build: <folder>');
    expect(problemOf(yaml('services:', '  worker:'))).toBe('services.worker is empty; give it at least image: or build:');
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    depends-on: [db]'))).toBe('services.web has an unknown key depends-on; did you mean depends_on?');
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    enviroment: [A=1]'))).toBe('services.web has an unknown key enviroment; did you mean environment?');
    expect(problemOf(yaml('x-common: &common', '  restart: unless-stopped', 'services:', '  web:', '    <<: *common', '    image: nginx:1.27', '    x-note: fine'))).toBe('valid');
  });

  it('requires depends_on targets to be services, with a valid condition', () => {
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    depends_on: [db]', '  cache:', '    image: redis:7'))).toBe(
      'services.web.depends_on names "db", which is not a service in this file (services: web, cache)',
    );
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    depends_on:', '      db: {condition: healthy}', '  db:', '    image: postgres:16'))).toBe(
      'services.web.depends_on.db.condition is "healthy"; use service_started, service_healthy, service_completed_successfully',
    );
  });

  it('requires named volumes and networks to be declared at the top level (except default)', () => {
    expect(problemOf(yaml('services:', '  db:', '    image: postgres:16', '    volumes: ["pgdata:/var/lib/postgresql/data"]'))).toBe(
      'services.db.volumes[0] mounts named volume "pgdata", which is not declared; add pgdata: under the top-level volumes: key',
    );
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    networks: [default, front]'))).toBe(
      'services.web.networks names "front", which is not declared; add front: under the top-level networks: key',
    );
    expect(problemOf(yaml('services:', '  web:', '    image: nginx:1.27', '    networks: [default]', '    volumes: ["./html:/usr/share/nginx/html"]'))).toBe('valid');
  });
});

describe('the compose check (without the docker compose plugin)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = { files: filesView(dir) } as unknown as CheckContext;
  const check = (input: Record<string, unknown> = {}) => composeCheck.parse({ type: 'compose', ...input });

  it('fails when the file is missing', async () => {
    expect(await compose(check(), ctx, { cli: 'never' })).toEqual({ status: 'fail', message: 'compose.yaml not found in the workspace', expected: 'compose.yaml in the workspace', actual: 'not found' });
  });

  it('fails on an invalid file, naming the file', async () => {
    writeFileSync(join(dir, 'compose.yaml'), yaml('services:', '  web:', '    image: nginx:1.27', '    depends_on: [api]'));
    expect(await compose(check(), ctx, { cli: 'never' })).toEqual({
      status: 'fail',
      message: 'compose.yaml: services.web.depends_on names "api", which is not a service in this file (services: web)',
    });
  });

  it('evaluates expectations against the normalised model', async () => {
    writeFileSync(
      join(dir, 'compose.yaml'),
      yaml('services:', '  web:', '    build: .', '    ports: ["8080:80"]', '    depends_on: [db]', '  db:', '    image: postgres:16', '    healthcheck:', '      test: pg_isready'),
    );
    const expect1 = [
      { path: 'services.web.ports[0].published', equals: '8080' },
      { path: 'services.db.healthcheck.test[0]', equals: 'CMD-SHELL' },
      { path: 'services.web.depends_on.db.condition', equals: 'service_healthy' },
    ];
    expect(await compose(check({ expect: expect1 }), ctx, { cli: 'never' })).toEqual({
      status: 'fail',
      message: 'compose.yaml: services.web.depends_on.db.condition is "service_started", expected "service_healthy"',
      expected: '"service_healthy"',
      actual: '"service_started"',
    });
    expect(await compose(check({ expect: expect1.slice(0, 2) }), ctx, { cli: 'never' })).toEqual({
      status: 'pass',
      message: 'compose.yaml is valid: 2 service(s) (web, db); 2 expectation(s) met',
    });
  });

  it('reads the env files a service names into its environment, as docker compose config does', async () => {
    writeFileSync(join(dir, 'web.env'), '# where the backing services are\nDATABASE_HOST=db\nCACHE_HOST="cache"\nLOG_LEVEL=debug\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      yaml('services:', '  web:', '    image: node:20-bookworm-slim', '    env_file: web.env', '    environment:', '      - LOG_LEVEL=info'),
    );
    const expectations = [
      { path: 'services.web.environment.DATABASE_HOST', equals: 'db' },
      { path: 'services.web.environment.CACHE_HOST', equals: 'cache' },
      { path: 'services.web.environment.LOG_LEVEL', equals: 'info' },
    ];
    expect(await compose(check({ expect: expectations }), ctx, { cli: 'never' })).toMatchObject({ status: 'pass' });

    writeFileSync(join(dir, 'compose.yaml'), yaml('services:', '  web:', '    image: node:20-bookworm-slim', '    env_file:', '      - path: web.env', '      - path: local.env', '        required: false'));
    expect(await compose(check({ expect: expectations.slice(0, 2) }), ctx, { cli: 'never' })).toMatchObject({ status: 'pass' });

    writeFileSync(join(dir, 'compose.yaml'), yaml('services:', '  web:', '    image: node:20-bookworm-slim', '    env_file: [web.env, missing.env]'));
    expect(await compose(check(), ctx, { cli: 'never' })).toEqual({
      status: 'fail',
      message: 'compose.yaml: services.web.env_file names missing.env, which is not in the workspace beside the compose file',
    });
  });
});

describe('the compose.live check', () => {
  const container = (service: string, state: string, health?: string) => ({
    Id: `id-${service}`,
    Names: [`/shop-${service}-1`],
    State: state,
    Status: state === 'running' ? `Up 1 minute${health ? ` (${health === 'starting' ? 'health: starting' : health})` : ''}` : 'Exited (1) 5 seconds ago',
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service },
  });
  const ctxWith = (containers: any[], inspect: Record<string, any> = {}) => {
    const filters: Record<string, string[]>[] = [];
    const docker = {
      listContainers: async (f: Record<string, string[]>) => (filters.push(f), containers),
      inspectContainer: async (id: string) => inspect[id] ?? null,
    } as unknown as DockerView;
    return { ctx: { docker: () => docker } as unknown as CheckContext, filters };
  };
  const check = composeLiveCheck.parse({ type: 'compose.live', project: 'shop', services: ['web', 'db'] });

  it('passes when every service runs and those with a healthcheck are healthy', async () => {
    const { ctx, filters } = ctxWith([container('web', 'running'), container('db', 'running', 'healthy')]);
    expect(await composeLive(check, ctx)).toEqual({ status: 'pass', message: 'compose project shop: web, db running (db healthy)' });
    expect(filters).toEqual([{ label: ['com.docker.compose.project=shop'] }]);
  });

  it('fails, to retry, on no containers, a missing service, an exited one, or an unhealthy one', async () => {
    expect(await composeLive(check, ctxWith([]).ctx)).toEqual({
      status: 'fail',
      message: 'compose project shop has no containers; start it with docker compose up -d',
      expected: 'web, db running',
      actual: 'no containers',
      retry: true,
    });
    expect((await composeLive(check, ctxWith([container('web', 'running')]).ctx)).message).toBe(
      'compose project shop: service db has no container (found: web); run docker compose up -d',
    );
    const exited = { 'id-db': { State: { Status: 'exited', ExitCode: 1 } } };
    expect(await composeLive(check, ctxWith([container('web', 'running'), container('db', 'exited')], exited).ctx)).toEqual({
      status: 'fail',
      message: 'compose project shop: service db (shop-db-1) is exited (exit code 1); see docker compose logs db',
      expected: 'running',
      actual: 'exited (exit code 1)',
      retry: true,
    });
    const unhealthy = { 'id-db': { State: { Status: 'running', Health: { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'pg_isready: no response\n' }] } } } };
    expect((await composeLive(check, ctxWith([container('web', 'running'), container('db', 'running', 'unhealthy')], unhealthy).ctx)).message).toBe(
      'compose project shop: service db (shop-db-1) is running but unhealthy: pg_isready: no response; check its healthcheck and docker compose logs db',
    );
    expect((await composeLive(check, ctxWith([container('web', 'running'), container('db', 'running', 'starting')]).ctx)).message).toBe(
      'compose project shop: service db (shop-db-1) is running; its healthcheck has not passed yet',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeMutations, parseShortPort, parseShortVolume } from './mutate-compose.ts';

const compose = `name: shop
services:
  web:
    image: node:26-bookworm-slim
    command: ["node", "/app/server.js"]
    volumes:
      - ./app:/app:ro
    environment:
      DATABASE_HOST: db
    ports:
      - "8084:3000"
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    networks: [frontend, backend]
  db:
    image: postgres:16-bookworm
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U shop"]
    networks: [backend]
  cache:
    image: redis:7.2-bookworm
    environment: [A=1, B]
    depends_on: [db]
volumes:
  db-data:
`;

const ms = composeMutations('compose.yaml', compose);
const find = (description: string) => {
  const m = ms.find((x) => x.description === description);
  if (!m) throw new Error(`no mutation "${description}" in:\n${ms.map((x) => x.description).join('\n')}`);
  return { ...m, doc: parse(m.text) };
};

describe('short syntax', () => {
  it('reads ports and volumes', () => {
    expect(parseShortPort('127.0.0.1:8084:3000/udp')).toEqual({ ip: '127.0.0.1', published: '8084', target: '3000', protocol: 'udp' });
    expect(parseShortPort('3000')).toEqual({ ip: undefined, published: undefined, target: '3000', protocol: undefined });
    expect(parseShortPort('[::1]:80:80')).toBeNull();
    expect(parseShortVolume('./app:/app:ro')).toEqual({ source: './app', target: '/app', mode: 'ro' });
    expect(parseShortVolume('/data')).toBeNull();
  });
});

describe('composeMutations', () => {
  it('changes meaning: blocks removed, ports, :ro dropped, a weaker depends_on, an unsplit CMD', () => {
    expect(find('removed healthcheck').doc.services.db.healthcheck).toBeUndefined();
    expect(find('removed depends_on').doc.services.web.depends_on).toBeUndefined();
    expect(find('port 8084:3000 → 8085:3000 (another host port)').doc.services.web.ports).toEqual(['8085:3000']);
    expect(find('port 8084:3000 → 8084:3001 (another container port)').doc.services.web.ports).toEqual(['8084:3001']);
    expect(find('volume ./app:/app:ro → ./app:/app (:ro dropped: writable)').doc.services.web.volumes).toEqual(['./app:/app']);
    expect(find('depends_on db: condition service_healthy → service_started').doc.services.web.depends_on.db).toEqual({ condition: 'service_started' });
    expect(ms.some((m) => m.description.startsWith('depends_on cache'))).toBe(false);
    expect(find('healthcheck.test CMD-SHELL → CMD with the command unsplit (looks for a program named "pg_isready -U shop")').doc.services.db.healthcheck.test).toEqual(['CMD', 'pg_isready -U shop']);
  });

  it('rewrites in the forms Compose reads the same', () => {
    expect(find('port 8084:3000 → long syntax {"target":3000,"published":"8084","protocol":"tcp"}').kind).toBe('equivalent');
    expect(find('volume ./app:/app:ro → long syntax {"type":"bind","source":"./app","target":"/app","read_only":true}').doc.services.web.volumes).toEqual([{ type: 'bind', source: './app', target: '/app', read_only: true }]);
    expect(find('volume db-data:/var/lib/postgresql/data → long syntax {"type":"volume","source":"db-data","target":"/var/lib/postgresql/data"}').kind).toBe('equivalent');
    expect(ms.filter((m) => m.description === 'environment map → list (KEY=value)').map((m) => parse(m.text).services.web.environment)).toEqual([['DATABASE_HOST=db']]);
    expect(find('environment list → map').doc.services.cache.environment).toEqual({ A: '1', B: null });
    expect(find('depends_on list → map (condition: service_started)').doc.services.cache.depends_on).toEqual({ db: { condition: 'service_started' } });
    expect(ms.filter((m) => m.description === 'networks list → map').map((m) => parse(m.text).services.web.networks ?? parse(m.text).services.db.networks)).toContainEqual({ frontend: {}, backend: {} });
    expect(find('healthcheck.test [CMD-SHELL, …] → the string "pg_isready -U shop" (run by a shell)').doc.services.db.healthcheck.test).toBe('pg_isready -U shop');
    expect(find('command list → the string "node /app/server.js"').doc.services.web.command).toBe('node /app/server.js');
    expect(ms.filter((m) => m.kind === 'equivalent').every((m) => !m.description.startsWith('removed'))).toBe(true);
  });

  it('leaves out what mutate.yaml marks irrelevant for a service', () => {
    const kept = composeMutations('compose.yaml', compose, { within: [], irrelevant: [{ kind: 'service', name: 'db', path: 'healthcheck', reason: 'not asked for in this test' }] });
    expect(kept.some((m) => m.where.startsWith('service db: healthcheck'))).toBe(false);
    expect(kept.length).toBe(ms.length - 3);
  });
});

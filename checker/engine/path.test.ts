import { describe, expect, it } from 'vitest';
import { getPath, parsePath } from './path.ts';

const deployment = {
  metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'web' }, annotations: { 'deployment.kubernetes.io/revision': '3' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'log-shipper', image: 'fluent-bit:3', ports: [{ containerPort: 2020, name: 'metrics' }] },
        ],
      },
    },
  },
};

const inspect = {
  Config: { ExposedPorts: { '3000/tcp': {}, '9229/tcp': {} }, Labels: { 'org.opencontainers.image.version': '1.2.3' } },
  NetworkSettings: { Ports: { '3000/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] } },
};

describe('parsePath', () => {
  it('splits dotted keys', () => {
    expect(parsePath('spec.template.spec')).toEqual([{ key: 'spec' }, { key: 'template' }, { key: 'spec' }]);
  });

  it('reads indexes, including negative ones', () => {
    expect(parsePath('ports[0]')).toEqual([{ key: 'ports' }, { index: 0 }]);
    expect(parsePath('ports[-1]')).toEqual([{ key: 'ports' }, { index: -1 }]);
    expect(parsePath('[2][10]')).toEqual([{ index: 2 }, { index: 10 }]);
  });

  it('reads quoted keys with either quote, keeping dots and slashes', () => {
    expect(parsePath('Config.ExposedPorts["3000/tcp"]')).toEqual([{ key: 'Config' }, { key: 'ExposedPorts' }, { key: '3000/tcp' }]);
    expect(parsePath("metadata.labels['app.kubernetes.io/name']")).toEqual([{ key: 'metadata' }, { key: 'labels' }, { key: 'app.kubernetes.io/name' }]);
  });

  it('keeps a ] inside a quoted key', () => {
    expect(parsePath('a["x]y"].b')).toEqual([{ key: 'a' }, { key: 'x]y' }, { key: 'b' }]);
  });

  it('reads [field=value] selectors, trimming spaces and quotes around the value', () => {
    expect(parsePath('containers[name=web]')).toEqual([{ key: 'containers' }, { where: 'name', equals: 'web' }]);
    expect(parsePath('containers[ name = web ]')).toEqual([{ key: 'containers' }, { where: 'name', equals: 'web' }]);
    expect(parsePath('containers[name="my.web"]')).toEqual([{ key: 'containers' }, { where: 'name', equals: 'my.web' }]);
    expect(parsePath("items[metadata.name='db-0']")).toEqual([{ key: 'items' }, { where: 'metadata.name', equals: 'db-0' }]);
  });

  it('reads an empty path as no segments and ignores stray dots', () => {
    expect(parsePath('')).toEqual([]);
    expect(parsePath('.spec..replicas.')).toEqual([{ key: 'spec' }, { key: 'replicas' }]);
  });

  it('rejects a selector without a field, naming the segment and the path', () => {
    expect(() => parsePath('containers[=web]')).toThrow('bad path segment [=web] in "containers[=web]": use [0], [name=value] or ["key"]');
    expect(() => parsePath('containers[web]')).toThrow('bad path segment [web] in "containers[web]": use [0], [name=value] or ["key"]');
    expect(() => parsePath('containers[]')).toThrow('bad path segment [] in "containers[]": use [0], [name=value] or ["key"]');
  });

  it('rejects an unclosed bracket, naming the path', () => {
    expect(() => parsePath('spec.ports[0')).toThrow('unclosed [ in path "spec.ports[0"');
    expect(() => parsePath('labels["a]')).toThrow('unclosed [ in path "labels["a]"');
  });
});

describe('getPath', () => {
  it('returns the value itself for an empty path', () => {
    expect(getPath(deployment, '')).toBe(deployment);
    expect(getPath('text', '')).toBe('text');
  });

  it('follows keys and indexes', () => {
    expect(getPath(deployment, 'spec.replicas')).toBe(3);
    expect(getPath(deployment, 'spec.template.spec.containers[0].image')).toBe('nginx:1.27');
    expect(getPath(deployment, 'spec.template.spec.containers[1].ports[0].containerPort')).toBe(2020);
  });

  it('counts negative indexes from the end', () => {
    expect(getPath(deployment, 'spec.template.spec.containers[-1].name')).toBe('log-shipper');
  });

  it('picks the list item whose field equals the value', () => {
    expect(getPath(deployment, 'spec.template.spec.containers[name=log-shipper].image')).toBe('fluent-bit:3');
    expect(getPath(deployment, 'spec.template.spec.containers[name=web].ports[containerPort=80].protocol')).toBe('TCP');
  });

  it('picks the container running an image, in any spelling of the reference', () => {
    expect(getPath(deployment, 'spec.template.spec.containers[image=nginx].name')).toBe('web');
    expect(getPath(deployment, 'spec.template.spec.containers[image=docker.io/library/nginx:1.27].name')).toBe('web');
    expect(getPath(deployment, 'spec.template.spec.containers[image=fluent-bit].ports[0].name')).toBe('metrics');
    expect(getPath(deployment, 'spec.template.spec.containers[image=nginx:1.28].name')).toBeUndefined();
    expect(getPath(deployment, 'spec.template.spec.containers[image=httpd].name')).toBeUndefined();
  });

  it('reads the rest of the path from the first matching item that has it', () => {
    // One host split over two rules (valid in an Ingress) or written as one rule with two paths.
    const split = {
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'storefront' } } }] } },
        { host: 'other.example.com', http: { paths: [{ path: '/api', backend: { service: { name: 'other' } } }] } },
        { host: 'shop.example.com', http: { paths: [{ path: '/api', backend: { service: { name: 'api' } } }] } },
      ],
    };
    expect(getPath(split, 'rules[host=shop.example.com].http.paths[path=/api].backend.service.name')).toBe('api');
    expect(getPath(split, 'rules[host=shop.example.com].http.paths[path=/].backend.service.name')).toBe('storefront');
    expect(getPath(split, 'rules[host=shop.example.com].http.paths[path=/admin]')).toBeUndefined();
    // With nothing after the selector, the first matching item itself.
    expect(getPath(split, 'rules[host=shop.example.com]')).toBe(split.rules[0]);
  });

  it('keeps a null found after a selector rather than looking further', () => {
    const list = { items: [{ name: 'a', v: null }, { name: 'a', v: 1 }] };
    expect(getPath(list, 'items[name=a].v')).toBeNull();
  });

  it('compares a [field=value] selector with numbers by their text', () => {
    expect(getPath({ ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] }, 'ports[port=443].name')).toBe('https');
  });

  it('selects by a nested field', () => {
    const list = { items: [{ metadata: { name: 'db-0' }, v: 0 }, { metadata: { name: 'db-1' }, v: 1 }] };
    expect(getPath(list, 'items[metadata.name=db-1].v')).toBe(1);
  });

  it('reads keys with dots and slashes when quoted', () => {
    expect(getPath(inspect, 'Config.ExposedPorts["3000/tcp"]')).toEqual({});
    expect(getPath(inspect, 'NetworkSettings.Ports["3000/tcp"][0].HostPort')).toBe('8080');
    expect(getPath(inspect, 'Config.Labels["org.opencontainers.image.version"]')).toBe('1.2.3');
    expect(getPath(deployment, "metadata.annotations['deployment.kubernetes.io/revision']")).toBe('3');
  });

  it('does not split a dotted key that was not quoted', () => {
    expect(getPath(deployment, 'metadata.labels.app.kubernetes.io/name')).toBeUndefined();
  });

  it('yields undefined for missing steps instead of throwing', () => {
    expect(getPath(deployment, 'spec.strategy.rollingUpdate.maxSurge')).toBeUndefined();
    expect(getPath(deployment, 'spec.template.spec.containers[5].image')).toBeUndefined();
    expect(getPath(deployment, 'spec.template.spec.containers[name=sidecar].image')).toBeUndefined();
    expect(getPath(null, 'a.b')).toBeUndefined();
    expect(getPath(undefined, 'a')).toBeUndefined();
  });

  it('does not index into non-lists or read keys of scalars', () => {
    expect(getPath(deployment, 'spec.replicas[0]')).toBeUndefined();
    expect(getPath(deployment, 'metadata[name=web]')).toBeUndefined();
    expect(getPath(deployment, 'metadata.name.length')).toBeUndefined();
    expect(getPath({ a: { '0': 'x' } }, 'a[0]')).toBeUndefined();
  });

  it('keeps null values (absent checks tell null from missing themselves)', () => {
    expect(getPath({ a: { b: null } }, 'a.b')).toBeNull();
    expect(getPath({ a: { b: null } }, 'a.b.c')).toBeUndefined();
  });

  it('throws the parse error for a bad path', () => {
    expect(() => getPath(deployment, 'spec.template.spec.containers[web].image')).toThrow(
      'bad path segment [web] in "spec.template.spec.containers[web].image": use [0], [name=value] or ["key"]',
    );
    expect(() => getPath(deployment, 'spec.ports[0')).toThrow('unclosed [ in path "spec.ports[0"');
  });
});

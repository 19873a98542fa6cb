import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commandLine, judgeWorkload } from './workload.ts';

const docs = (file: string) => parseAllDocuments(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')).map((d) => d.toJSON());
const deployment = (file: string) => docs(file).find((d) => d.kind === 'Deployment');

/** The Secret as the API server stores it: stringData becomes base64 data. */
function storedSecrets(): { secrets: Map<string, any>; configMaps: Map<string, any> } {
  const s = docs('solution/secret.yaml')[0];
  const data = Object.fromEntries(Object.entries(s.stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { secrets: new Map([[s.metadata.name, { ...s, stringData: undefined, data }]]), configMaps: new Map() };
}

const postgres = { deployment: 'postgres', secretEnv: { secret: 'db-credentials', vars: { POSTGRES_USER: 'POSTGRES_USER', POSTGRES_PASSWORD: 'POSTGRES_PASSWORD', POSTGRES_DB: 'POSTGRES_DB' } } };
const web = { deployment: 'web', runs: '/app/server.js', secretEnv: { secret: 'db-credentials', vars: { DATABASE_PASSWORD: 'POSTGRES_PASSWORD' } } };

describe('workload', () => {
  it('passes the solution: envFrom for postgres, secretKeyRef under another name for web', () => {
    expect(judgeWorkload(deployment('solution/database.yaml'), storedSecrets(), postgres)).toEqual({
      status: 'pass',
      message: 'Deployment postgres: container postgres: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB from Secret db-credentials',
    });
    expect(judgeWorkload(deployment('solution/web.yaml'), storedSecrets(), web).message).toBe(
      'Deployment web: container web: DATABASE_PASSWORD from Secret db-credentials; runs /app/server.js',
    );
  });

  it('accepts the command split over command and args', () => {
    const d = deployment('solution/web.yaml');
    d.spec.template.spec.containers[0].command = ['node'];
    d.spec.template.spec.containers[0].args = ['/app/server.js'];
    expect(judgeWorkload(d, storedSecrets(), web).status).toBe('pass');
    delete d.spec.template.spec.containers[0].command;
    delete d.spec.template.spec.containers[0].args;
    expect(judgeWorkload(d, storedSecrets(), web).message).toBe(
      'Deployment web: container web: its command line (command + args) is the image default, expected it to run /app/server.js',
    );
  });

  it('fails a plain-text password, a missing Secret or key, and a reference to another Secret', () => {
    expect(judgeWorkload(deployment('wrong/password-in-plain-env/web.yaml'), storedSecrets(), web).message).toBe(
      'Deployment web: container web: DATABASE_PASSWORD is written into the Deployment as a plain value (env[name=DATABASE_PASSWORD].value); take it from key POSTGRES_PASSWORD of Secret db-credentials',
    );
    expect(judgeWorkload(deployment('solution/database.yaml'), { secrets: new Map(), configMaps: new Map() }, postgres).message).toBe(
      'Deployment postgres: container postgres cannot start (CreateContainerConfigError): envFrom refers to Secret db-credentials, which does not exist',
    );
    const unset = deployment('solution/database.yaml');
    delete unset.spec.template.spec.containers[0].envFrom;
    expect(judgeWorkload(unset, storedSecrets(), postgres).message).toBe(
      'Deployment postgres: container postgres: POSTGRES_USER is not set from Secret db-credentials (neither env[].valueFrom.secretKeyRef nor envFrom[].secretRef)',
    );
    const secrets = storedSecrets();
    delete secrets.secrets.get('db-credentials').data.POSTGRES_PASSWORD;
    expect(judgeWorkload(deployment('solution/web.yaml'), secrets, web).message).toBe(
      'Deployment web: container web cannot start (CreateContainerConfigError): DATABASE_PASSWORD refers to key "POSTGRES_PASSWORD" of Secret db-credentials, which has no such key (its keys: POSTGRES_USER, POSTGRES_DB)',
    );
    const d = deployment('solution/web.yaml');
    d.spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.name = 'web-secrets';
    expect(judgeWorkload(d, storedSecrets(), web).message).toContain('DATABASE_PASSWORD refers to Secret web-secrets, which does not exist');
    const both = storedSecrets();
    both.secrets.set('web-secrets', both.secrets.get('db-credentials'));
    expect(judgeWorkload(d, both, web).message).toContain('comes from key POSTGRES_PASSWORD of Secret web-secrets');
  });

  it('takes the password through envFrom with a prefix, and names a ConfigMap it comes from instead', () => {
    const d = deployment('solution/web.yaml');
    const c = d.spec.template.spec.containers[0];
    c.env = c.env.filter((e: any) => e.name !== 'DATABASE_PASSWORD');
    c.envFrom = [{ prefix: 'DATABASE_', secretRef: { name: 'db-credentials' } }];
    const prefixed = { ...web, secretEnv: { secret: 'db-credentials', vars: { DATABASE_POSTGRES_PASSWORD: 'POSTGRES_PASSWORD' } } };
    expect(judgeWorkload(d, storedSecrets(), prefixed).status).toBe('pass');
    c.envFrom = [{ configMapRef: { name: 'web-config' } }];
    const sources = storedSecrets();
    sources.configMaps.set('web-config', { data: { DATABASE_PASSWORD: 'x' } });
    expect(judgeWorkload(d, sources, web).message).toBe(
      'Deployment web: container web: DATABASE_PASSWORD comes from key DATABASE_PASSWORD of ConfigMap web-config (envFrom), expected key POSTGRES_PASSWORD of Secret db-credentials',
    );
  });

  it('reads a relative script from the container\'s workingDir (the image\'s WORKDIR is not known)', () => {
    expect(commandLine({ workingDir: '/app', command: ['node', 'server.js'] })).toBe('node /app/server.js');
    expect(commandLine({ workingDir: '/app/', command: ['node'], args: ['./server.js', '--port', '8080'] })).toBe('node /app/server.js --port 8080');
    expect(commandLine({ workingDir: '/srv', command: ['node', '../app/server.js'] })).toBe('node /app/server.js');
    expect(commandLine({ command: ['node', 'server.js'] })).toBe('node server.js');
    const d = deployment('solution/web.yaml');
    Object.assign(d.spec.template.spec.containers[0], { workingDir: '/app', command: ['node', 'server.js'] });
    expect(judgeWorkload(d, storedSecrets(), web).status).toBe('pass');
    delete d.spec.template.spec.containers[0].workingDir;
    expect(judgeWorkload(d, storedSecrets(), web).message).toBe(
      "Deployment web: container web: its command line (command + args) is \"node server.js\", expected it to run /app/server.js (a relative path is read from the image's working directory, unknown here: set workingDir or write the full path)",
    );
  });
});

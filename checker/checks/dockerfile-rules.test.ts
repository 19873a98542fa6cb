import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../engine/context.ts';
import { filesView } from '../environments/files-view.ts';
import { dockerfileCheck, dockerfileRules, type DockerfileRule } from '../schemas/checks-files.ts';
import { dockerfile } from './dockerfile.ts';
import { analyzeDockerfile, dockerignoreExcludes, lintDockerfile, looksSecret, type LintOptions } from './dockerfile-rules.ts';

const df = (...lines: string[]) => `${lines.join('\n')}\n`;
const lint = (text: string, rule: DockerfileRule, extra: Partial<LintOptions> = {}) =>
  lintDockerfile(text, { rules: [rule], dockerignore: 'node_modules\n.git\n', ...extra }).map((v) => v.message);

/** A Dockerfile that follows every rule, with the tricky-but-valid forms. */
const good = df(
  '# syntax=docker/dockerfile:1',
  'ARG NODE_VERSION=20',
  'FROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-bookworm-slim AS build',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci',
  'COPY --chown=node:node . .',
  'RUN npm run build \\',
  ' && npm prune --omit=dev',
  '',
  'from node:20-bookworm-slim@sha256:4b2c6f3e1d0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c AS runtime',
  'label org.opencontainers.image.source="https://github.com/kubecamp/shop" \\',
  '      "org.opencontainers.image.title"="shop web"',
  'run apt-get update \\',
  ' && apt-get install -y --no-install-recommends tini \\',
  ' && rm -rf /var/lib/apt/lists/*',
  'WORKDIR /app',
  'COPY --from=build --chown=node:node /app/dist ./dist',
  'COPY --from=build --chown=node:node /app/node_modules ./node_modules',
  'USER node',
  'ENTRYPOINT ["tini", "--"]',
  'CMD ["node", "dist/server.js"]',
);

describe('a Dockerfile following every rule', () => {
  it('has no violations', () => {
    expect(lintDockerfile(good, { rules: dockerfileRules, dockerignore: 'node_modules\n.git\n' })).toEqual([]);
  });
});

describe('parses', () => {
  it('accepts lowercase instructions, ARG before FROM, continuations, heredocs and shell tests with [', () => {
    const text = df(
      'ARG BASE=alpine:3.20',
      'from $BASE',
      'run [ -f /etc/os-release ] && echo ok',
      'RUN <<EOF',
      'set -e',
      'echo hi',
      'EOF',
      'CMD ["sh", "-c", "echo \\"done\\""]',
    );
    expect(lint(good, 'parses')).toEqual([]);
    expect(lint(text, 'parses')).toEqual([]);
  });

  it('requires FROM first (only ARG may come before it)', () => {
    expect(lint(df('RUN echo hi', 'FROM alpine:3.20'), 'parses')).toEqual([
      'line 1, column 1: RUN comes before FROM; a Dockerfile must start with FROM <image> (only ARG may come first)',
    ]);
  });

  it('reports a file with no FROM once, whatever rules were asked for', () => {
    expect(lintDockerfile(df('ARG X=1'), { rules: ['non-root-user', 'labels'], dockerignore: null }).map((v) => [v.rule, v.message])).toEqual([
      ['parses', 'line 1, column 1: no FROM instruction; start the Dockerfile with FROM <image>, e.g. FROM node:26-bookworm-slim'],
    ]);
  });

  it('names unknown instructions, with a guess or the missing continuation', () => {
    expect(lint(df('FROM alpine:3.20', 'COPPY . .', 'FOO bar'), 'parses')).toEqual([
      'line 2, column 1: unknown instruction COPPY; did you mean COPY?',
      'line 3, column 1: unknown instruction FOO; fix the spelling or remove the line',
    ]);
    expect(lint(df('FROM debian:bookworm-slim', 'RUN apt-get update &&', '    apt-get install -y curl'), 'parses')).toEqual([
      'line 3, column 5: unknown instruction apt-get; if it continues the instruction above, end the line before it with \\',
    ]);
  });

  it('finds instructions missing arguments', () => {
    expect(lint(df('FROM alpine:3.20', 'RUN', 'COPY package.json', 'ENV NODE_ENV'), 'parses')).toEqual([
      'line 2, column 1: RUN has no arguments; complete it or remove the line',
      'line 3, column 1: COPY package.json needs a source and a destination, e.g. COPY package.json ./',
      'line 4, column 1: ENV NODE_ENV has no value; write ENV NODE_ENV=<value>',
    ]);
  });

  it('finds broken exec-form JSON, which Docker would silently run through a shell', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'CMD ["node", "server.js"'), 'parses')).toEqual([
      'line 2, column 5: CMD ["node", "server.js" is missing its closing ], so Docker would run it as a shell command; close the array: CMD ["node", "server.js"]',
    ]);
    expect(lint(df('FROM node:20-bookworm-slim', "ENTRYPOINT ['node', 'server.js']"), 'parses')).toEqual([
      'line 2, column 12: ENTRYPOINT [\'node\', \'server.js\'] uses single quotes, which JSON does not allow, so Docker would run it as a shell command; use double quotes: ENTRYPOINT ["node", "server.js"]',
    ]);
  });
});

describe('pinned-base', () => {
  it('accepts tags, digests, stage names, scratch and ARG defaults', () => {
    const text = df(
      'ARG GO=1.22',
      'FROM --platform=$BUILDPLATFORM golang:${GO}-bookworm AS build',
      'FROM build AS test',
      'FROM alpine@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      'FROM localhost:5000/team/app:1.4.2',
      'FROM scratch',
    );
    expect(lint(text, 'pinned-base')).toEqual([]);
  });

  it('rejects an untagged base', () => {
    expect(lint(df('FROM ubuntu'), 'pinned-base')).toEqual(['line 1: FROM ubuntu has no tag (it means ubuntu:latest); pin a version such as ubuntu:24.04']);
    expect(lint(df('FROM localhost:5000/team/app'), 'pinned-base')).toEqual([
      'line 1: FROM localhost:5000/team/app has no tag (it means localhost:5000/team/app:latest); pin a version tag (localhost:5000/team/app:<version>) or a digest (localhost:5000/team/app@sha256:…)',
    ]);
  });

  it('rejects latest, also through an ARG', () => {
    expect(lint(df('FROM node:latest'), 'pinned-base')).toEqual([
      'line 1: FROM node:latest uses the latest tag, which moves with every release; pin a version such as node:26-bookworm-slim',
    ]);
    expect(lint(df('ARG BASE=python:latest', 'FROM $BASE'), 'pinned-base')).toEqual([
      'line 2: FROM $BASE (python:latest) uses the latest tag, which moves with every release; pin a version such as python:3.12-slim',
    ]);
  });

  it('rejects an ARG without default, and ARGs declared inside a stage (FROM cannot see them)', () => {
    expect(lint(df('ARG TAG', 'FROM node:${TAG}'), 'pinned-base')).toEqual([
      'line 2: FROM node:${TAG} uses ARG TAG, which has no default, so the base image is not pinned; give it one before the FROM, e.g. ARG TAG=<version>',
    ]);
    expect(lint(df('FROM alpine:3.20 AS a', 'ARG V=20', 'FROM node:$V'), 'pinned-base')).toEqual([
      'line 3: FROM node:$V uses ARG V, which has no default, so the base image is not pinned; give it one before the FROM, e.g. ARG V=<version>',
    ]);
  });
});

describe('non-root-user', () => {
  it('accepts USER node, USER 1000:1000, and a USER inherited from the stage it is built FROM', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'USER node'), 'non-root-user')).toEqual([]);
    expect(lint(df('FROM alpine:3.20', 'USER root', 'RUN apk add --no-cache curl', 'USER 1000:1000'), 'non-root-user')).toEqual([]);
    expect(lint(df('FROM node:20-bookworm-slim AS base', 'USER node', 'FROM base AS final', 'CMD ["node", "x.js"]'), 'non-root-user')).toEqual([]);
    expect(lint(df('FROM alpine:3.20', 'ARG APP_USER=app', 'USER ${APP_USER}'), 'non-root-user')).toEqual([]);
  });

  it('accepts a final stage without USER on a base that runs as a non-root user already', () => {
    for (const base of ['gcr.io/distroless/static-debian12:nonroot', 'gcr.io/distroless/base-debian12:debug-nonroot', 'gcr.io/distroless/static-debian12:nonroot-amd64', 'cgr.dev/chainguard/static:latest', 'cgr.dev/chainguard/static']) {
      expect(lint(df('FROM golang:1.26-bookworm AS build', 'RUN go build -o /out/hello .', `FROM ${base}`, 'COPY --from=build /out/hello /hello', 'ENTRYPOINT ["/hello"]'), 'non-root-user'), base).toEqual([]);
    }
    expect(lint(df('ARG VARIANT=nonroot', 'FROM gcr.io/distroless/static-debian12:${VARIANT}'), 'non-root-user')).toEqual([]);
    // …but USER root on it, or the root-running tags, still run as root.
    expect(lint(df('FROM gcr.io/distroless/static-debian12:nonroot', 'USER root'), 'non-root-user')[0]).toMatch(/makes the container run as root/);
    for (const base of ['gcr.io/distroless/static-debian12', 'gcr.io/distroless/static-debian12:debug', 'cgr.dev/chainguard/node:latest-dev', 'busybox:1.37']) {
      expect(lint(df(`FROM ${base}`), 'non-root-user')[0], base).toMatch(/has no USER, so the container runs as root/);
    }
  });

  it('rejects a USER set in the builder stage only', () => {
    const text = df('FROM node:20-bookworm-slim AS build', 'USER node', 'RUN npm ci', 'FROM node:20-bookworm-slim', 'COPY --from=build /app /app', 'CMD ["node", "/app/server.js"]');
    expect(lint(text, 'non-root-user')).toEqual([
      'line 4: the final stage (FROM node:20-bookworm-slim) has no USER, so the container runs as root (USER on line 2 is in an earlier stage and does not carry over); add USER node before CMD',
    ]);
  });

  it('rejects a USER name the final stage cannot resolve: created in another stage, or on scratch', () => {
    const other = df('FROM golang:1.26-bookworm AS build', 'RUN useradd --uid 10001 app', 'RUN go build -o /out/hello .', 'FROM scratch', 'COPY --from=build /out/hello /hello', 'USER app', 'ENTRYPOINT ["/hello"]');
    expect(lint(other, 'non-root-user')).toEqual([
      'line 6: USER app names user app, which the final stage does not have: it is created in stage build (line 2), and users do not carry over between stages, so docker run fails with "unable to find user app: no matching entries in passwd file"; create it in the final stage or use a numeric ID such as USER 65532:65532',
    ]);
    expect(lint(df('FROM scratch', 'COPY hello /hello', 'USER nobody'), 'non-root-user')).toEqual([
      'line 3: USER nobody names user nobody, but the final stage starts FROM scratch, which has no /etc/passwd, so docker run fails with "unable to find user nobody: no matching entries in passwd file"; use a numeric ID such as USER 65532:65532',
    ]);
  });

  it('accepts a user created in the final stage, a copied /etc/passwd, and numeric IDs on scratch', () => {
    expect(lint(df('FROM golang:1.26-bookworm AS build', 'RUN useradd app', 'FROM debian:bookworm-slim', 'RUN useradd --system app && mkdir /data', 'USER app'), 'non-root-user')).toEqual([]);
    expect(lint(df('FROM alpine:3.20 AS build', 'RUN adduser -D app', 'FROM scratch', 'COPY --from=build /etc/passwd /etc/passwd', 'USER app'), 'non-root-user')).toEqual([]);
    expect(lint(df('FROM golang:1.26-bookworm AS build', 'RUN useradd app', 'FROM scratch', 'USER 10001:10001'), 'non-root-user')).toEqual([]);
  });

  it('rejects USER root after a non-root USER', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'USER node', 'COPY . .', 'USER root', 'CMD ["node", "server.js"]'), 'non-root-user')).toEqual([
      'line 4: USER root comes after USER node (line 2), so the container runs as root; switch back with USER node after the steps that need root',
    ]);
  });

  it('rejects USER 0:0 and a stage with no USER', () => {
    expect(lint(df('FROM alpine:3.20', 'USER 0:0'), 'non-root-user')).toEqual([
      'line 2: USER 0:0 makes the container run as root; use a non-root user such as USER 1000:1000 (or a user you create)',
    ]);
    expect(lintDockerfile(df('FROM alpine:3.20'), { rules: ['non-root-user'], dockerignore: null })).toEqual([
      {
        rule: 'non-root-user',
        line: 1,
        message: 'line 1: the final stage (FROM alpine:3.20) has no USER, so the container runs as root; add USER 1000:1000 (or a user you create) before CMD',
        expected: 'a non-root USER in the final stage',
        actual: 'root (no USER)',
      },
    ]);
  });
});

describe('multi-stage', () => {
  it('accepts a final stage that copies from an earlier one', () => {
    expect(lint(good, 'multi-stage')).toEqual([]);
    expect(lint(df('FROM golang:1.22', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=0 /app /app'), 'multi-stage')).toEqual([]);
  });

  it('rejects a single stage', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'COPY . .'), 'multi-stage')).toEqual([
      'line 1: FROM node:20-bookworm-slim is the only stage, so build tools ship in the image; build in a stage named build and COPY --from=build only the output into a final stage',
    ]);
  });

  it('rejects a final stage that copies only from an image, not from a stage', () => {
    const text = df('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/');
    expect(lint(text, 'multi-stage')).toEqual([
      'line 3: the final stage (FROM gcr.io/distroless/static-debian12:nonroot) copies nothing from an earlier stage; add COPY --from=build <built files> <destination>',
    ]);
  });
});

describe('named-stages', () => {
  it('accepts named stages referred to by name', () => {
    expect(lint(good, 'named-stages')).toEqual([]);
  });

  it('rejects unnamed stages and COPY --from=<index>', () => {
    const text = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=0 /app /app');
    expect(lint(text, 'named-stages')).toEqual([
      'line 1: FROM golang:1.22 starts a stage with no name; name it, e.g. FROM golang:1.22 AS build, and COPY --from=build',
      'line 6: COPY --from=0 /app /app refers to a stage by number, which breaks when stages move; name that stage (FROM … AS build) and use COPY --from=build',
    ]);
    expect(lint(df('FROM golang:1.22 AS compile', 'FROM alpine:3.20', 'COPY --from=0 /app /app'), 'named-stages')).toEqual([
      'line 3: COPY --from=0 /app /app refers to a stage by number, which breaks when stages move; use its name: COPY --from=compile',
    ]);
  });
});

describe('cache-order', () => {
  it('accepts manifests first (package*.json counts), sources after, and the other ecosystems', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY --chown=node:node . .'), 'cache-order')).toEqual([]);
    expect(
      lint(
        df(
          'FROM node:20-bookworm-slim',
          'RUN --mount=type=bind,source=package.json,target=package.json \\',
          '    --mount=type=bind,source=package-lock.json,target=package-lock.json \\',
          '    --mount=type=cache,target=/root/.npm \\',
          '    npm ci',
          'COPY . .',
        ),
        'cache-order',
      ),
    ).toEqual([]);
    expect(lint(df('FROM golang:1.22 AS build', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'), 'cache-order')).toEqual([]);
    expect(lint(df('FROM python:3.12-slim', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .'), 'cache-order')).toEqual([]);
    expect(lint(df('FROM rust:1.79', 'COPY Cargo.toml Cargo.lock ./', 'RUN cargo fetch', 'COPY . .', 'RUN cargo build --release'), 'cache-order')).toEqual([]);
    expect(lint(df('FROM node:20-bookworm-slim', 'COPY . .', 'RUN npm install -g pnpm@9'), 'cache-order')).toEqual([]);
    const runtime = df('FROM node:20-bookworm-slim AS build', 'COPY package*.json ./', 'RUN npm ci', 'FROM node:20-bookworm-slim', 'COPY --from=build /app/package*.json ./', 'RUN npm ci --omit=dev');
    expect(lint(runtime, 'cache-order')).toEqual([]);
  });

  it('rejects COPY . . before npm ci', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'), 'cache-order')).toEqual([
      'line 3: COPY . . copies the whole build context before RUN npm ci (line 4), so any source change re-runs the install; COPY package.json package-lock.json ./ first, then RUN npm ci, then COPY . .',
    ]);
    expect(lint(df('FROM node:20-bookworm-slim', 'COPY --chown=node:node . .', 'RUN cd /app && npm install'), 'cache-order')).toEqual([
      'line 2: COPY --chown=node:node . . copies the whole build context before RUN npm install (line 3), so any source change re-runs the install; COPY package.json ./ first, then RUN npm install, then COPY --chown=node:node . .',
    ]);
  });

  it('rejects source copied beside the manifests before the install, and reads npm ci\'s aliases', () => {
    expect(lint(df('FROM node:26-bookworm-slim', 'COPY package*.json server.js ./', 'RUN npm ci', 'COPY . .'), 'cache-order')).toEqual([
      'line 2: COPY package*.json server.js ./ copies server.js before RUN npm ci (line 3), so every change to server.js re-runs the install; COPY package.json package-lock.json ./ first, then RUN npm ci, then copy server.js',
    ]);
    expect(lint(df('FROM node:26-bookworm-slim', 'COPY package.json package-lock.json ./', 'COPY src ./src', 'RUN npm clean-install --omit=dev'), 'cache-order')[0]).toMatch(/^line 3: COPY src \.\/src copies src before RUN npm clean-install/);
    expect(lint(df('FROM node:26-bookworm-slim', 'COPY server.js ./', 'RUN npm ci'), 'cache-order')[0]).toMatch(/^line 3: RUN npm ci comes before package\.json and package-lock\.json are copied/);
    // What the install reads (lockfiles, .npmrc, globs of them) may come first; a build tool's source may too.
    for (const text of [
      df('FROM node:26-bookworm-slim', 'COPY package.json package-lock.json .npmrc ./', 'RUN npm clean-install', 'COPY server.js ./'),
      df('FROM node:26-bookworm-slim', 'COPY ["package.json", "package-lock.json", "./"]', 'RUN npm ci', 'COPY . .'),
      df('FROM golang:1.26', 'COPY go.* ./', 'RUN go mod download', 'COPY . .'),
      df('FROM rust:1.79-slim', 'COPY Cargo.toml Cargo.lock ./', 'COPY src ./src', 'RUN cargo build --release'),
      df('FROM node:26-bookworm-slim AS deps', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'FROM deps', 'COPY server.js ./'),
    ]) expect(lint(text, 'cache-order'), text).toEqual([]);
  });

  it('rejects an install before its manifests are copied', () => {
    expect(lint(df('FROM node:20-bookworm-slim', 'COPY package.json ./', 'RUN npm ci', 'COPY package-lock.json ./'), 'cache-order')).toEqual([
      'line 3: RUN npm ci comes before package-lock.json is copied; add COPY package.json package-lock.json ./ before it',
    ]);
    expect(lint(df('FROM python:3.12-slim', 'COPY src/ ./src', 'RUN pip install -r requirements.txt'), 'cache-order', { manifests: ['requirements.txt'] })).toEqual([
      'line 3: RUN pip install -r requirements.txt comes before requirements.txt is copied; add COPY requirements.txt ./ before it',
    ]);
  });
});

describe('dockerignore', () => {
  it('accepts equivalent spellings of an entry', () => {
    for (const entry of ['node_modules', '/node_modules', 'node_modules/', '**/node_modules', './node_modules', 'node_modules/**']) {
      expect(lint(good, 'dockerignore', { dockerignore: `# build context\n${entry}\n.git/\n` })).toEqual([]);
    }
    expect(lint(good, 'dockerignore', { dockerignore: '*\n!src\n!package*.json\n' })).toEqual([]);
  });

  it('rejects a missing file and missing entries', () => {
    expect(lint(good, 'dockerignore', { dockerignore: null })).toEqual([
      'no .dockerignore beside the Dockerfile, so node_modules and .git are sent to the build; create .dockerignore listing them, one per line',
    ]);
    expect(lint(good, 'dockerignore', { dockerignore: '.git\n' })).toEqual(['.dockerignore does not exclude node_modules; add it to .dockerignore, one per line']);
    expect(lint(good, 'dockerignore', { dockerignore: 'node_modules\n.git\n!node_modules\n' })).toEqual(['.dockerignore does not exclude node_modules; add it to .dockerignore, one per line']);
    expect(lint(good, 'dockerignore', { dockerignore: 'dist\n', ignoreEntries: ['.env', 'coverage'] })).toEqual([
      '.dockerignore does not exclude .env and coverage; add them to .dockerignore, one per line',
    ]);
  });

  it('follows Docker: the last matching line wins, a folder excludes what is in it', () => {
    expect(dockerignoreExcludes('node_modules', 'node_modules/express')).toBe(true);
    expect(dockerignoreExcludes('.git*', '.git')).toBe(true);
    expect(dockerignoreExcludes('node_modules\n!node_modules', 'node_modules')).toBe(false);
    expect(dockerignoreExcludes('src/node_modules', 'node_modules')).toBe(false);
  });
});

describe('copy-over-add', () => {
  it('accepts ADD of URLs and archives, and says so', () => {
    const text = df('FROM alpine:3.20', 'ADD https://example.com/tool.tar.gz /opt/', 'ADD vendor.tar.gz /opt/vendor/', 'COPY app.js /app/');
    expect(analyzeDockerfile(text, { rules: ['copy-over-add'], dockerignore: null })).toEqual({
      violations: [],
      notes: [
        { rule: 'copy-over-add', line: 2, message: 'line 2: ADD https://example.com/tool.tar.gz /opt/ downloads at build time (allowed; --checksum=sha256:… pins what it gets)' },
        { rule: 'copy-over-add', line: 3, message: 'line 3: ADD vendor.tar.gz /opt/vendor/ unpacks a local archive (allowed: that is what ADD is for)' },
      ],
    });
  });

  it('rejects ADD of local files', () => {
    expect(lint(df('FROM alpine:3.20', 'add --chown=1000:1000 app.js /app/'), 'copy-over-add')).toEqual([
      'line 2: ADD --chown=1000:1000 app.js /app/ copies local files; use COPY --chown=1000:1000 app.js /app/ (keep ADD for URLs and archives to unpack)',
    ]);
  });
});

describe('no-secrets', () => {
  it('accepts names that only look close, empty values and BuildKit secrets', () => {
    const text = df(
      'FROM node:20-bookworm-slim',
      'ENV TOKENIZERS_PARALLELISM=false SECRETARY=bob',
      'ENV DB_PASSWORD_FILE=/run/secrets/db_password',
      'ENV DB_PASSWORD=',
      'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci',
    );
    expect(lint(text, 'no-secrets')).toEqual([]);
  });

  it('rejects ENV with a secret value and secret-looking ARGs, with or without default', () => {
    expect(lint(df('FROM postgres:16', 'ENV DB_PASSWORD=hunter2'), 'no-secrets')).toEqual([
      'line 2: ENV DB_PASSWORD puts a secret in the image, readable by anyone with docker inspect; pass it at run time (docker run -e, compose secrets) or, for a build step, RUN --mount=type=secret,id=db_password',
    ]);
    expect(lint(df('ARG NPM_TOKEN=abc123', 'FROM node:20-bookworm-slim', 'ARG apiKey'), 'no-secrets')).toEqual([
      'line 1: ARG NPM_TOKEN has a secret default in the Dockerfile; use a BuildKit secret instead: RUN --mount=type=secret,id=npm_token … (docker build --secret id=npm_token,env=NPM_TOKEN)',
      'line 3: ARG apiKey is recorded in the image history (docker history) with the value passed at build time; use a BuildKit secret instead: RUN --mount=type=secret,id=apikey … (docker build --secret id=apikey,env=apiKey)',
    ]);
  });

  it('matches whole word parts', () => {
    expect(['DB_PASSWORD', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'apiKey', 'PRIVATE_KEY', 'db.passwd', 'GCP_CREDENTIALS'].filter(looksSecret)).toHaveLength(7);
    expect(['TOKENIZERS_PARALLELISM', 'SECRETARY', 'KEYCLOAK_URL', 'DB_PASSWORD_FILE', 'PUBLIC_KEY_PATH', 'NODE_ENV'].filter(looksSecret)).toEqual([]);
  });
});

describe('labels', () => {
  const required = ['org.opencontainers.image.source', 'org.opencontainers.image.title', 'org.opencontainers.image.version'];

  it('accepts keys spread over several LABEL lines, multi-key lines and quoted keys and values', () => {
    const text = df(
      'FROM nginx:1.27-alpine',
      'LABEL org.opencontainers.image.source="https://github.com/kubecamp/shop" \\',
      '      "org.opencontainers.image.title"="shop web"',
      'LABEL org.opencontainers.image.version=1.0.0',
    );
    expect(lint(text, 'labels', { requiredLabels: required })).toEqual([]);
    expect(lint(text, 'labels')).toEqual([]);
  });

  it('rejects missing labels, and labels set in an earlier stage only', () => {
    expect(lint(df('FROM nginx:1.27-alpine'), 'labels')).toEqual([
      'line 1: the final stage (FROM nginx:1.27-alpine) has no LABEL; add one, e.g. LABEL org.opencontainers.image.source="https://github.com/you/repo"',
    ]);
    const text = df('FROM node:20-bookworm-slim AS build', 'LABEL org.opencontainers.image.version=1.0.0', 'FROM nginx:1.27-alpine', 'LABEL org.opencontainers.image.source=https://x');
    expect(lint(text, 'labels', { requiredLabels: required })).toEqual([
      'line 3: the final stage (FROM nginx:1.27-alpine) has no org.opencontainers.image.title and org.opencontainers.image.version labels; add LABEL org.opencontainers.image.title="…" org.opencontainers.image.version="…"',
    ]);
  });
});

describe('single-run-for-packages', () => {
  it('accepts one RUN that updates, installs and cleans up', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends curl ca-certificates \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN useradd -m app',
      'FROM alpine:3.20',
      'RUN apk add --no-cache curl',
    );
    expect(lint(text, 'single-run-for-packages')).toEqual([]);
  });

  it('rejects apt-get update in its own RUN', () => {
    expect(lint(df('FROM debian:bookworm-slim', 'RUN apt-get update', 'RUN apt-get install -y curl'), 'single-run-for-packages')).toEqual([
      'line 3: RUN apt-get install -y curl has no apt-get update in the same RUN (it is in its own RUN on line 2, a cached layer), so it can use a stale package list; write RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*',
    ]);
  });

  it('rejects a second install, leftover package lists and apk add without --no-cache', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl',
      'COPY . .',
      'RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*',
      'FROM alpine:3.20',
      'RUN apk add curl',
    );
    expect(lint(text, 'single-run-for-packages')).toEqual([
      'line 2: RUN apt-get update && apt-get install -y curl leaves the package lists in the image; end the RUN with && rm -rf /var/lib/apt/lists/*',
      'line 4: RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lis… installs packages again (first on line 2); install them all in one RUN: RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*',
      'line 6: RUN apk add curl keeps the package index in the image; use apk add --no-cache …',
    ]);
  });

  it('rejects more than two RUN instructions in a row (comments do not separate them)', () => {
    expect(lint(df('FROM alpine:3.20', 'RUN mkdir /app', '# the app user', 'RUN adduser -D app', 'RUN chown app /app'), 'single-run-for-packages')).toEqual([
      'line 2: 3 RUN instructions in a row (lines 2, 4, 5) each add a layer; chain them with && into one RUN',
    ]);
  });
});

describe('no-curl-pipe', () => {
  it('accepts a checked download and piping into tar', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\',
      '    && echo "0f1e2d  /tmp/install.sh" | sha256sum -c \\',
      '    && sh /tmp/install.sh',
      'RUN wget -qO- https://example.com/tool.tar.gz | tar xz -C /usr/local/bin',
    );
    expect(lint(text, 'no-curl-pipe')).toEqual([]);
  });

  it('rejects curl | bash, wget | sh and sh -c "$(curl …)"', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
      'RUN wget -qO- https://get.example.com | sudo sh',
      'RUN sh -c "$(curl -fsSL https://example.com/install.sh)"',
    );
    expect(lint(text, 'no-curl-pipe')).toEqual([
      'line 2: RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - pipes a downloaded script into a shell unchecked; download it with curl to a file, verify its checksum (sha256sum -c), then run it',
      'line 3: RUN wget -qO- https://get.example.com | sudo sh pipes a downloaded script into a shell unchecked; download it with wget to a file, verify its checksum (sha256sum -c), then run it',
      'line 4: RUN sh -c "$(curl -fsSL https://example.com/install.sh)" pipes a downloaded script into a shell unchecked; download it with curl to a file, verify its checksum (sha256sum -c), then run it',
    ]);
  });
});

describe('lintDockerfile', () => {
  it('orders violations by the rules asked for, then by line', () => {
    const text = df('FROM ubuntu', 'ENV API_KEY=x', 'ADD a.js /a.js');
    expect(lintDockerfile(text, { rules: ['copy-over-add', 'pinned-base', 'no-secrets'], dockerignore: null }).map((v) => `${v.rule}@${v.line}`)).toEqual([
      'copy-over-add@3',
      'pinned-base@1',
      'no-secrets@2',
    ]);
  });
});

describe('the dockerfile check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockerfile-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = { files: filesView(dir) } as unknown as CheckContext;
  const check = (input: Record<string, unknown>) => dockerfileCheck.parse({ type: 'dockerfile', ...input });

  it('fails when the Dockerfile is missing', async () => {
    expect(await dockerfile(check({ rules: ['parses'] }), ctx)).toEqual({
      status: 'fail',
      message: 'Dockerfile not found in the workspace',
      expected: 'Dockerfile in the workspace',
      actual: 'not found',
    });
  });

  it('fails with the first violation and counts the rest', async () => {
    writeFileSync(join(dir, 'Dockerfile'), df('FROM node', 'COPY . .', 'RUN npm ci', 'ENV DB_PASSWORD=hunter2'));
    expect(await dockerfile(check({ rules: ['pinned-base', 'cache-order', 'non-root-user', 'no-secrets'] }), ctx)).toEqual({
      status: 'fail',
      message: 'Dockerfile: line 1: FROM node has no tag (it means node:latest); pin a version such as node:26-bookworm-slim (+3 more problems)',
      expected: 'a version tag or a digest',
      actual: 'node:latest',
    });
  });

  it('reads the .dockerignore beside the Dockerfile and passes naming the rules', async () => {
    writeFileSync(join(dir, 'Dockerfile'), good);
    writeFileSync(join(dir, '.dockerignore'), '**/node_modules\n.git\n');
    expect(await dockerfile(check({ rules: ['dockerignore', 'non-root-user', 'cache-order'] }), ctx)).toEqual({
      status: 'pass',
      message: 'Dockerfile follows dockerignore, non-root-user and cache-order',
    });
  });
});

describe('base: the image the final stage is built on', () => {
  const base = (text: string, expected = 'node:26-bookworm-slim') => lintDockerfile(text, { rules: ['parses'], dockerignore: null, base: expected }).map((v) => v.message);

  it('accepts any spelling, an ARG-built reference, a patch release and a stage built on a stage', () => {
    expect(base(df('FROM node:26-bookworm-slim'))).toEqual([]);
    expect(base(df('FROM index.docker.io/library/node:26-bookworm-slim'))).toEqual([]);
    expect(base(df('ARG NODE_VERSION=26', 'FROM node:${NODE_VERSION}-bookworm-slim'))).toEqual([]);
    expect(base(df('FROM --platform=linux/amd64 node:26.3.0-bookworm-slim AS base', 'FROM base'))).toEqual([]);
    expect(base(df('FROM golang:1.26 AS build', 'FROM node:26-bookworm-slim@sha256:abc'))).toEqual([]);
  });

  it('names the base the Dockerfile really uses', () => {
    expect(base(df('FROM node:26-alpine'))).toEqual([
      'line 1: the final stage is built on node:26-alpine, not node:26-bookworm-slim: the image gets that base\'s operating system and runtime, not the ones the task asks for; write FROM node:26-bookworm-slim',
    ]);
    expect(base(df('FROM node:26'))[0]).toMatch(/^line 1: the final stage is built on node:26, not node:26-bookworm-slim/);
    expect(base(df('ARG V=26-alpine', 'FROM node:$V AS base', 'FROM base'))[0]).toMatch(/^line 2: the final stage \(through the stage base it builds on\) is built on node:26-alpine \(FROM node:\$V\), not/);
    expect(base(df('ARG V', 'FROM node:${V}-bookworm-slim'))[0]).toMatch(/uses ARG V, which has no default, so the base image is whatever the build is given/);
    expect(base(df('FROM node:26-bookworm-slim AS build', 'FROM gcr.io/distroless/nodejs26-debian12'))[0]).toMatch(/built on gcr\.io\/distroless\/nodejs26-debian12:latest, not/);
  });
});

describe('exposes: the ports the final stage declares', () => {
  const exposes = (text: string, ports: (string | number)[] = [3000]) => lintDockerfile(text, { rules: ['parses'], dockerignore: null, exposes: ports }).map((v) => v.message);

  it('accepts the port among others, with /tcp, in a range, or through ENV and ARG', () => {
    for (const text of [
      df('FROM node:26-bookworm-slim', 'EXPOSE 3000'),
      df('FROM node:26-bookworm-slim', 'EXPOSE 3000 9229'),
      df('FROM node:26-bookworm-slim', 'EXPOSE 9229', 'EXPOSE 3000/tcp'),
      df('FROM node:26-bookworm-slim', 'EXPOSE 2999-3001'),
      df('FROM node:26-bookworm-slim', 'ENV PORT=3000', 'EXPOSE $PORT'),
      df('FROM node:26-bookworm-slim', 'ARG PORT=3000', 'EXPOSE ${PORT}/tcp'),
      df('FROM node:26-bookworm-slim AS base', 'EXPOSE 3000', 'FROM base'),
    ]) expect(exposes(text), text).toEqual([]);
  });

  it('fails on another port, a variable with another value, or none, naming what it declares', () => {
    expect(exposes(df('FROM node:26-bookworm-slim', 'EXPOSE 8080'))).toEqual([
      'line 2: the final stage declares port 8080 only, so the image does not declare port 3000, the one the app listens on (docker run -P and readers of the image go by it); add EXPOSE 3000',
    ]);
    expect(exposes(df('FROM node:26-bookworm-slim', 'ARG P=8080', 'EXPOSE $P'))[0]).toMatch(/^line 3: the final stage declares port 8080 only/);
    expect(exposes(df('FROM node:26-bookworm-slim', 'EXPOSE 3000/udp'))[0]).toMatch(/declares port 3000\/udp only/);
    expect(exposes(df('FROM node:26-bookworm-slim', 'CMD ["node", "server.js"]'))[0]).toMatch(/^line 1: the final stage has no EXPOSE/);
    expect(exposes(df('FROM node:26-bookworm-slim AS build', 'EXPOSE 3000', 'FROM node:26-bookworm-slim'))[0]).toMatch(/has no EXPOSE/);
    expect(exposes(df('FROM node:26-bookworm-slim', 'ARG P', 'EXPOSE $P'))[0]).toMatch(/^line 3: EXPOSE \$P uses P, which has no value/);
  });
});

describe('installs: the install command a RUN uses', () => {
  const installs = (text: string, expected = 'npm ci') => lintDockerfile(text, { rules: ['parses'], dockerignore: null, installs: expected }).map((v) => v.message);

  it('accepts the command, its aliases, inside a longer RUN, in a build stage', () => {
    for (const text of [
      df('FROM node:26-bookworm-slim', 'RUN npm ci --omit=dev'),
      df('FROM node:26-bookworm-slim', 'RUN npm clean-install --omit=dev'),
      df('FROM node:26-bookworm-slim', 'RUN ["npm", "ci"]'),
      df('FROM node:26-bookworm-slim', 'RUN --mount=type=cache,target=/root/.npm \\', '    npm ci --omit=dev && npm cache clean --force'),
      df('FROM node:26-bookworm-slim AS deps', 'RUN npm ci', 'FROM node:26-bookworm-slim', 'COPY --from=deps /app/node_modules ./node_modules'),
    ]) expect(installs(text), text).toEqual([]);
  });

  it('names the install it has instead, and what that changes, or its absence', () => {
    expect(installs(df('FROM node:26-bookworm-slim', 'COPY package*.json ./', 'RUN npm install --omit=dev'))).toEqual([
      'line 3: RUN npm install --omit=dev installs the dependencies, not npm ci, which installs exactly the versions package-lock.json pins (and fails when it is out of date); use RUN npm ci',
    ]);
    expect(installs(df('FROM node:26-bookworm-slim', 'COPY . .'))).toEqual(['no RUN installs the dependencies with npm ci; add RUN npm ci after copying the manifests it reads']);
  });
});

import { describe, expect, it } from 'vitest';
import { dockerfileMutations, dockerignoreMutations, instructionsOf, otherTag } from './mutate-dockerfile.ts';

const twoStages = [
  '# build',
  'FROM golang:1.26-bookworm AS build',
  'WORKDIR /src',
  'COPY go.mod ./',
  'RUN go mod download',
  'RUN CGO_ENABLED=0 go build \\',
  '    -o /out/hello .',
  '',
  'FROM scratch',
  'COPY --from=build /out/hello /hello',
  'USER 65532:65532',
  'EXPOSE 8080',
  'ENTRYPOINT ["/hello"]',
  '',
].join('\n');

const find = (ms: ReturnType<typeof dockerfileMutations>, description: string) => {
  const m = ms.find((x) => x.description === description);
  if (!m) throw new Error(`no mutation "${description}" in:\n${ms.map((x) => x.description).join('\n')}`);
  return m;
};

describe('instructionsOf', () => {
  it('reads continuations as one instruction and counts stages', () => {
    expect(instructionsOf(twoStages).map((i) => [i.keyword, i.start, i.end, i.stage])).toEqual([
      ['FROM', 1, 1, 0],
      ['WORKDIR', 2, 2, 0],
      ['COPY', 3, 3, 0],
      ['RUN', 4, 4, 0],
      ['RUN', 5, 6, 0],
      ['FROM', 8, 8, 1],
      ['COPY', 9, 9, 1],
      ['USER', 10, 10, 1],
      ['EXPOSE', 11, 11, 1],
      ['ENTRYPOINT', 12, 12, 1],
    ]);
  });
});

describe('otherTag', () => {
  it('bumps the last number of the leading version', () => {
    expect(otherTag('26-bookworm-slim')).toBe('27-bookworm-slim');
    expect(otherTag('1.26-bookworm')).toBe('1.27-bookworm');
    expect(otherTag('1.37')).toBe('1.38');
    expect(otherTag('stable')).toBe('stable-other');
  });
});

describe('dockerfileMutations', () => {
  const ms = dockerfileMutations('Dockerfile', twoStages);

  it('removes each instruction but FROM, whole (continuation lines included)', () => {
    expect(ms.filter((m) => m.description.startsWith('removed ')).map((m) => m.where)).toEqual([
      'Dockerfile line 3: WORKDIR /src',
      'Dockerfile line 4: COPY go.mod ./',
      'Dockerfile line 5: RUN go mod download',
      'Dockerfile line 6: RUN CGO_ENABLED=0 go build -o /out/hello .',
      'Dockerfile line 10: COPY --from=build /out/hello /hello',
      'Dockerfile line 11: USER 65532:65532',
      'Dockerfile line 12: EXPOSE 8080',
      'Dockerfile line 13: ENTRYPOINT ["/hello"]',
    ]);
    expect(find(ms, 'removed RUN').text).not.toContain('go mod download');
    expect(ms.find((m) => m.where.startsWith('Dockerfile line 6') && m.description === 'removed RUN')!.text).not.toContain('-o /out/hello');
  });

  it('unpins and changes the base, keeping the stage name; never a stage or scratch', () => {
    expect(find(ms, 'base image golang:1.26-bookworm → golang (no tag: latest)').text).toContain('\nFROM golang AS build\n');
    expect(find(ms, 'base image golang:1.26-bookworm → golang:1.27-bookworm').text).toContain('\nFROM golang:1.27-bookworm AS build\n');
    expect(find(ms, 'base image golang:1.26-bookworm → docker.io/library/golang:1.26-bookworm').kind).toBe('equivalent');
    expect(ms.some((m) => m.description.includes('scratch'))).toBe(false);
  });

  it('changes what matters in the final stage: user, port, exec form, --from, destination', () => {
    expect(find(ms, 'USER 65532:65532 → USER root').text).toContain('\nUSER root\n');
    expect(find(ms, 'EXPOSE 8080 → 8081').text).toContain('\nEXPOSE 8081\n');
    expect(find(ms, 'EXPOSE 8080 → 8080/tcp').kind).toBe('equivalent');
    expect(find(ms, 'ENTRYPOINT exec form → shell form (/hello under /bin/sh -c, not PID 1)').text).toContain('\nENTRYPOINT /hello\n');
    expect(find(ms, 'COPY --from=build removed (copies from the build context)').text).toContain('\nCOPY /out/hello /hello\n');
    expect(find(ms, 'COPY destination /hello → /hello-other').text).toContain('\nCOPY --from=build /out/hello /hello-other\n');
    expect(find(ms, 'RUN without CGO_ENABLED=0 (the variable it sets for the command)').text).toContain('\nRUN go build -o /out/hello .\n');
  });

  it('points COPY --from at another earlier stage when there is one', () => {
    const three = 'FROM golang:1.26 AS deps\nRUN true\nFROM golang:1.26 AS build\nRUN true\nFROM scratch\nCOPY --from=build /a /a\n';
    expect(find(dockerfileMutations('Dockerfile', three), 'COPY --from=build → --from=deps').text).toContain('COPY --from=deps /a /a');
  });

  it('swaps a COPY and the RUN beside it in one stage, not across stages', () => {
    const m = find(ms, 'RUN go mod download moved before COPY go.mod ./');
    expect(m.text.split('\n').slice(3, 5)).toEqual(['RUN go mod download', 'COPY go.mod ./']);
    expect(ms.some((x) => x.description.includes('moved before COPY --from'))).toBe(false);
  });

  it('rewrites in equivalent forms: lower-case keywords, JSON COPY, ENV a b, LABEL and ENV split, ADD → COPY', () => {
    expect(find(ms, 'instruction keywords in lower case').text).toContain('\nfrom golang:1.26-bookworm AS build\nworkdir /src\ncopy go.mod ./');
    expect(find(ms, 'instruction keywords in lower case').text).toContain('\nrun CGO_ENABLED=0 go build \\\n    -o /out/hello .');
    expect(find(ms, 'COPY in JSON form').text).toContain('\nCOPY ["go.mod", "./"]\n');
    const other = dockerfileMutations('Dockerfile', 'FROM node:26\nLABEL a="1" b=2\nENV X=1\nENV Y=2 Z=3\nADD server.js ./\nADD https://example.com/x /x\n');
    expect(find(other, 'LABEL split into one instruction per label').text).toContain('\nLABEL a="1"\nLABEL b=2\n');
    expect(find(other, 'LABEL b removed').text).toContain('\nLABEL a="1"\n');
    expect(find(other, 'ENV X=1 → ENV X 1').text).toContain('\nENV X 1\n');
    expect(find(other, 'ENV split into one instruction per variable').text).toContain('\nENV Y=2\nENV Z=3\n');
    expect(find(other, 'ADD → COPY (plain local files)').text).toContain('\nCOPY server.js ./\n');
    expect(other.filter((m) => m.description === 'ADD → COPY (plain local files)')).toHaveLength(1);
    expect(other.filter((m) => m.kind === 'equivalent').every((m) => m.description !== 'COPY → ADD')).toBe(true);
  });

  it('leaves out what mutate.yaml marks irrelevant, by instruction or by description', () => {
    const config = { within: [], irrelevant: [{ kind: 'Dockerfile', path: 'EXPOSE', reason: 'no task names a port' }, { kind: 'Dockerfile', path: 'COPY → ADD', reason: 'ADD is not wrong here' }] };
    const kept = dockerfileMutations('Dockerfile', twoStages, config);
    expect(kept.some((m) => m.where.includes('EXPOSE'))).toBe(false);
    expect(kept.some((m) => m.description === 'COPY → ADD')).toBe(false);
    expect(kept.length).toBe(ms.length - 3 - 1); // EXPOSE: removed, → 8081, → 8080/tcp; COPY go.mod → ADD (the COPY --from is no local copy)
  });
});

describe('dockerignoreMutations', () => {
  it('removes each entry, adds a leading / and reverses the order (comments kept out)', () => {
    const ms = dockerignoreMutations('.dockerignore', '# never sent\n.env\nnode_modules\n');
    expect(ms.map((m) => [m.kind, m.description, m.text])).toEqual([
      ['meaning', 'removed .env', '# never sent\nnode_modules\n'],
      ['equivalent', '.env → /.env (a leading / changes nothing)', '# never sent\n/.env\nnode_modules\n'],
      ['meaning', 'removed node_modules', '# never sent\n.env\n'],
      ['equivalent', 'node_modules → /node_modules (a leading / changes nothing)', '# never sent\n.env\n/node_modules\n'],
      ['equivalent', 'entries in reverse order', 'node_modules\n.env\n'],
    ]);
  });
});

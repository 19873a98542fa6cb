import { Arg, Env, Label, User, type Instruction } from 'dockerfile-ast';
import { parseImageReference } from '../../semantics/image-reference.ts';
import { describeStage, finalStage, type Stage, type Model, lineage, lineOf, list, parseImage, shown, substitute, varsBefore, type RuleFn, type Violation } from './model.ts';

// ---------- non-root-user ----------

function userOf(ins: Instruction, vars: Map<string, string | null>): string {
  return substitute(ins.getArguments()[0]?.getValue() ?? '', vars).value;
}

const isRoot = (user: string) => /^(root|0+)$/.test(user.split(':')[0]);

export const nonRootUser: RuleFn = (m) => {
  const final = finalStage(m);
  if (!final) return { violations: [] };
  const chain = lineage(final);
  const users = chain.flatMap((s) => s.body).filter((i): i is User => i instanceof User);
  const suggestion = /(^|\/)node$/.test(parseImage(final.base).name) ? 'USER node' : 'USER 1000:1000 (or a user you create)';
  const last = users[users.length - 1];
  if (!last && nonRootBase(chain[0].base)) return { violations: [] };
  if (!last) {
    const elsewhere = m.stages.filter((s) => !chain.includes(s)).flatMap((s) => s.body).find((i) => i instanceof User);
    const note = elsewhere ? ` (USER on line ${lineOf(elsewhere)} is in an earlier stage and does not carry over)` : '';
    return {
      violations: [{
        rule: 'non-root-user',
        line: final.line,
        message: `line ${final.line}: the final stage (${describeStage(final)}) has no USER, so the container runs as root${note}; add ${suggestion} before CMD`,
        expected: 'a non-root USER in the final stage',
        actual: 'root (no USER)',
      }],
    };
  }
  const user = userOf(last, varsBefore(m, chain, last));
  if (!isRoot(user)) {
    const missing = missingUser(m, chain, user);
    return { violations: missing ? [{ rule: 'non-root-user', line: lineOf(last), message: `line ${lineOf(last)}: ${shown(last)} ${missing}`, expected: 'a user the final stage has', actual: `${user.split(':')[0]} (not in the final stage)` }] : [] };
  }
  const earlier = [...users].reverse().find((u) => u !== last && !isRoot(userOf(u, varsBefore(m, chain, u))));
  const message = earlier
    ? `line ${lineOf(last)}: ${shown(last)} comes after ${shown(earlier)} (line ${lineOf(earlier)}), so the container runs as root; switch back with ${shown(earlier)} after the steps that need root`
    : `line ${lineOf(last)}: ${shown(last)} makes the container run as root; use a non-root user such as ${suggestion}`;
  return { violations: [{ rule: 'non-root-user', line: lineOf(last), message, expected: 'a non-root user', actual: user }] };
};

/**
 * Base images whose config already sets a non-root user, so a final stage on them without USER runs
 * unprivileged: distroless's `:nonroot` tags (`nonroot`, `debug-nonroot`, `nonroot-amd64`: user 65532)
 * and Chainguard's static image (65532). A digest alone says nothing we can read here.
 */
export function nonRootBase(ref: string): boolean {
  const r = parseImageReference(ref);
  if (r.registry === 'cgr.dev' && r.repository === 'chainguard/static') return true;
  return /(^|-)nonroot(-|$)/.test(r.tag ?? '');
}

/** Whether a RUN or COPY in these stages creates the user (adduser/useradd, or a copied /etc/passwd). */
function createsUser(stages: Stage[], name: string): Instruction | undefined {
  const re = new RegExp(`\\b(adduser|useradd)\\b[^;&|]*\\s${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$|;|&|\\|)`);
  return stages.flatMap((s) => s.body).find((i) => (i.getKeyword() === 'RUN' && re.test(i.getTextContent())) || (['COPY', 'ADD'].includes(i.getKeyword()) && /\/etc\/passwd\b/.test(i.getTextContent())));
}

/**
 * A USER name the final stage cannot resolve: its /etc/passwd comes from its own lineage only, so a
 * user created in another stage, or any name on scratch, makes `docker run` fail. Numeric IDs always work.
 */
function missingUser(m: Model, chain: Stage[], user: string): string | null {
  const name = user.split(':')[0];
  if (!name || /^\d+$/.test(name) || name.includes('$')) return null;
  if (createsUser(chain, name)) return null;
  const fails = `docker run fails with "unable to find user ${name}: no matching entries in passwd file"`;
  const elsewhere = m.stages.filter((s) => !chain.includes(s)).find((s) => createsUser([s], name));
  if (elsewhere) {
    const where = createsUser([elsewhere], name)!;
    return `names user ${name}, which the final stage does not have: it is created in stage ${elsewhere.name ?? describeStage(elsewhere)} (line ${lineOf(where)}), and users do not carry over between stages, so ${fails}; create it in the final stage or use a numeric ID such as USER 65532:65532`;
  }
  if (parseImage(chain[0].base).name === 'scratch') {
    return `names user ${name}, but the final stage starts FROM scratch, which has no /etc/passwd, so ${fails}; use a numeric ID such as USER 65532:65532`;
  }
  return null;
}

// ---------- no-secrets ----------

const secretWords = [['PASSWORD'], ['PASSWD'], ['SECRET'], ['TOKEN'], ['API', 'KEY'], ['APIKEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['CREDENTIALS']];

/** `DB_PASSWORD`, `npmToken`, `AWS_ACCESS_KEY_ID` look secret; `TOKENIZERS_PARALLELISM` and `DB_PASSWORD_FILE` (a path) do not. */
export function looksSecret(name: string): boolean {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[_\-.]+/).filter(Boolean);
  if (['FILE', 'PATH', 'DIR'].includes(parts[parts.length - 1])) return false;
  return secretWords.some((w) => parts.some((_, i) => w.every((p, j) => parts[i + j] === p)));
}

export const noSecrets: RuleFn = (m) => {
  const out: Violation[] = [];
  for (const ins of [...m.preamble, ...m.stages.flatMap((s) => s.body)]) {
    const line = lineOf(ins);
    if (ins instanceof Env) {
      for (const p of ins.getProperties()) {
        const name = p.getName();
        if (!looksSecret(name) || !p.getValue()) continue;
        out.push({
          rule: 'no-secrets',
          line,
          message: `line ${line}: ENV ${name} puts a secret in the image, readable by anyone with docker inspect; pass it at run time (docker run -e, compose secrets) or, for a build step, RUN --mount=type=secret,id=${name.toLowerCase()}`,
          expected: 'no secret in ENV',
          actual: `ENV ${name}`,
        });
      }
    } else if (ins instanceof Arg) {
      const p = ins.getProperty();
      if (!p || !looksSecret(p.getName())) continue;
      const name = p.getName();
      const what = p.getValue() ? `ARG ${name} has a secret default in the Dockerfile` : `ARG ${name} is recorded in the image history (docker history) with the value passed at build time`;
      out.push({
        rule: 'no-secrets',
        line,
        message: `line ${line}: ${what}; use a BuildKit secret instead: RUN --mount=type=secret,id=${name.toLowerCase()} … (docker build --secret id=${name.toLowerCase()},env=${name})`,
        expected: 'RUN --mount=type=secret',
        actual: `ARG ${name}`,
      });
    }
  }
  return { violations: out };
};

// ---------- labels ----------

export const labels: RuleFn = (m, o) => {
  const final = finalStage(m);
  if (!final) return { violations: [] };
  const set = new Map<string, string>();
  for (const ins of lineage(final).flatMap((s) => s.body)) {
    if (ins instanceof Label) for (const p of ins.getProperties()) set.set(p.getName(), p.getValue() ?? '');
  }
  const where = `line ${final.line}: the final stage (${describeStage(final)})`;
  if (o.requiredLabels.length === 0) {
    if (set.size > 0) return { violations: [] };
    return {
      violations: [{ rule: 'labels', line: final.line, message: `${where} has no LABEL; add one, e.g. LABEL org.opencontainers.image.source="https://github.com/you/repo"`, expected: 'at least one LABEL', actual: 'none' }],
    };
  }
  const missing = o.requiredLabels.filter((k) => !set.get(k));
  if (missing.length === 0) return { violations: [] };
  return {
    violations: [{
      rule: 'labels',
      line: final.line,
      message: `${where} has no ${list(missing)} label${missing.length > 1 ? 's' : ''}; add LABEL ${missing.map((k) => `${k}="…"`).join(' ')}`,
      expected: o.requiredLabels.join(', '),
      actual: set.size ? [...set.keys()].join(', ') : 'no labels',
    }],
  };
};

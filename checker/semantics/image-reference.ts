/**
 * Image references normalised as the container runtime reads them: `nginx:1.27`,
 * `library/nginx:1.27` and `docker.io/library/nginx:1.27` name the same image.
 * No registry → `docker.io`; a one-part name on Docker Hub → `library/<name>`;
 * no tag and no digest → tag `latest`. A digest pins the content whatever the tag says.
 */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';

export function parseImageReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  // The first part is a registry host when it looks like one: a dot, a port, or `localhost`.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registry = parts.shift()!;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  if (!tag && !digest) tag = 'latest';
  return { registry, repository: parts.join('/').toLowerCase(), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The fully-qualified spelling, e.g. `docker.io/library/nginx:1.27`. */
export function canonicalImage(ref: ImageReference | string): string {
  const r = typeof ref === 'string' ? parseImageReference(ref) : ref;
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** Registry and repository: `docker.io/library/nginx` for `nginx:1.27`. */
export function imageName(ref: ImageReference | string): string {
  const r = typeof ref === 'string' ? parseImageReference(ref) : ref;
  return `${r.registry}/${r.repository}`;
}

/**
 * Does `actual` run the image `expected` names? Same registry and repository; the
 * expected digest, if given, must be the actual one; the expected tag (default
 * `latest`) must be the actual tag (an actual digest beside the right tag is fine).
 */
export function sameImage(actual: string, expected: string): boolean {
  const a = parseImageReference(actual);
  const e = parseImageReference(expected);
  if (imageName(a) !== imageName(e)) return false;
  if (e.digest) return a.digest === e.digest;
  return a.tag === e.tag;
}

/**
 * Does `actual` run a release of the image `expected` names, as a task states it?
 * `nginx:1.27` is met by any spelling of nginx with tag `1.27`, a patch release of it
 * (`1.27.3`) or a variant (`1.27-bookworm`, `1.27.3-alpine`); `nginx` (no tag) by any
 * tag; a digest by that digest only.
 */
export function imageMatches(actual: string, expected: string): boolean {
  const a = parseImageReference(actual);
  const explicitTag = /:[^/]*$/.test(expected.split('@')[0]);
  const e = parseImageReference(expected);
  if (imageName(a) !== imageName(e)) return false;
  if (e.digest) return a.digest === e.digest;
  if (!explicitTag) return true;
  const tag = a.tag ?? '';
  const want = e.tag!;
  if (tag === want) return true;
  if (tag.startsWith(want)) {
    const rest = tag.slice(want.length);
    return /^(\.\d+)*(-[\w.-]+)?$/.test(rest) && rest !== '';
  }
  // A variant asked for (`26-bookworm-slim`) is met by a patch release of it (`26.3.0-bookworm-slim`).
  const [, version, variant] = /^(\d+(?:\.\d+)*)(-[\w.-]+)$/.exec(want) ?? [];
  if (!version || !tag.startsWith(version) || !tag.endsWith(variant)) return false;
  return /^(\.\d+)+$/.test(tag.slice(version.length, tag.length - variant.length));
}

/** The short spelling Docker prints: `nginx:1.27` for `docker.io/library/nginx:1.27`, `bitnami/redis:7` for `docker.io/bitnami/redis:7`. */
export function familiarImage(ref: string): string {
  const r = parseImageReference(ref);
  const name = r.registry === 'docker.io' ? r.repository.replace(/^library\//, '') : `${r.registry}/${r.repository}`;
  const explicitTag = /:[^/]*$/.test(ref.split('@')[0]);
  return `${name}${r.tag && (explicitTag || !r.digest) ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** A pattern written for the short spelling (`^nginx:1\.28`) matches the reference in any spelling. */
export function imagePatternMatches(regex: RegExp, ref: string): boolean {
  return regex.test(ref) || regex.test(familiarImage(ref));
}

/** `compose.yaml`, `docker-compose.yml`, `compose.override.yaml`…: YAML, but not Kubernetes manifests. */
export function isComposeFile(path: string): boolean {
  return /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(path);
}

/** The Monaco language for a lab file, by its name. */
export function languageOf(path: string): string {
  const name = path.split('/').pop() ?? path;
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name)) return 'dockerfile';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/\.(m|c)?js$/i.test(name) || /\.json$/i.test(name)) return 'javascript';
  if (/\.(sh|bash)$/i.test(name) || name === '.bashrc') return 'shell';
  return 'plaintext';
}

/** YAML files that get the Kubernetes schema: every YAML file but compose files. */
export function isKubernetesManifest(path: string): boolean {
  return languageOf(path) === 'yaml' && !isComposeFile(path) && !/(^|\/)answers\.ya?ml$/.test(path);
}

import type { CatalogEntry, RootfsFile } from './catalog.ts';
import { configInstructions } from './image-config.ts';

/**
 * The same recipe as a Dockerfile build FROM debian:bookworm-slim, for machines
 * that cannot debootstrap (macOS and Windows with Docker Desktop, Linux without
 * root) but whose engine reaches a registry and the Debian mirrors. Returns
 * null for recipes that copy something from the host (Node.js, Go): those are
 * only needed where the real image cannot be pulled anyway.
 */
export function dockerfileBuild(entry: CatalogEntry, labels: Record<string, string>): { dockerfile: string; files: RootfsFile[] } | null {
  const recipe = entry.recipe;
  if (recipe.base !== 'debian' || recipe.hostNode || recipe.hostGo) return null;
  const files: RootfsFile[] = (recipe.files ?? []).map((f) => ({ ...f, path: `rootfs${f.path}` }));
  const lines = ['FROM debian:bookworm-slim', 'ARG DEBIAN_FRONTEND=noninteractive'];
  if (recipe.before) {
    files.push({ path: 'kubecamp-before.sh', content: recipe.before, mode: 0o755 });
    lines.push('COPY kubecamp-before.sh /tmp/', 'RUN sh -e /tmp/kubecamp-before.sh && rm /tmp/kubecamp-before.sh');
  }
  if (recipe.packages.length) {
    lines.push(`RUN apt-get update && apt-get install -y --no-install-recommends ${recipe.packages.join(' ')} && rm -rf /var/lib/apt/lists/*`);
  }
  if (recipe.files?.length) lines.push('COPY rootfs/ /');
  if (recipe.after) {
    files.push({ path: 'kubecamp-after.sh', content: recipe.after, mode: 0o755 });
    lines.push('COPY kubecamp-after.sh /tmp/', 'RUN sh -e /tmp/kubecamp-after.sh && rm /tmp/kubecamp-after.sh');
  }
  lines.push(...configInstructions(entry.config, labels));
  return { dockerfile: `${lines.join('\n')}\n`, files };
}

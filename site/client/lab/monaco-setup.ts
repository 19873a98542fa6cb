/**
 * Monaco with only what the lab editor uses: the editing features, YAML,
 * Dockerfile, shell and JavaScript highlighting, and monaco-yaml's language
 * server for Kubernetes manifests. Workers are bundled by Vite (`?worker`).
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/codeAction/register.js';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/diffEditor/register.js';
import 'monaco-editor/features/documentSymbols/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/folding/register.js';
import 'monaco-editor/features/format/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/indentation/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/links/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/readOnlyMessage/register.js';
import 'monaco-editor/features/smartSelect/register.js';
import 'monaco-editor/features/snippet/register.js';
import 'monaco-editor/features/suggest/register.js';
import 'monaco-editor/features/toggleTabFocusMode/register.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/features/wordOperations/register.js';
// What editor.main.js imports beside the features (the suggest widget lives here).
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/dropOrPasteInto/browser/copyPasteContribution.js';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/languages/definitions/dockerfile/register.js';
import 'monaco-editor/languages/definitions/javascript/register.js';
import 'monaco-editor/languages/definitions/shell/register.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml, type MonacoYamlOptions } from 'monaco-yaml';
import YamlWorker from './yaml.worker.ts?worker';
import { tidyManifestMarkers } from './yaml-markers.ts';

type WorkerOptions = Parameters<typeof monaco.editor.createWebWorker>[0];

const newWorker = (label: string): Worker => (label === 'yaml' ? new YamlWorker() : new EditorWorker());

globalThis.MonacoEnvironment = { getWorker: (_moduleId: string, label: string) => newWorker(label) };

// monaco-yaml's worker manager calls createWebWorker({ label, createData }) the way
// Monaco did before 0.55; since then a Worker must be passed in, and the worker
// expects a first "ignore" message and then its createData (as Monaco's own
// language workers do).
const createWebWorker = monaco.editor.createWebWorker;
monaco.editor.createWebWorker = ((opts: WorkerOptions & { label?: string; createData?: unknown }) => {
  if ((opts as { worker?: unknown }).worker) return createWebWorker(opts);
  const worker = newWorker(opts.label ?? '');
  worker.postMessage('ignore');
  worker.postMessage(opts.createData);
  return createWebWorker({ ...opts, worker } as WorkerOptions);
}) as typeof monaco.editor.createWebWorker;

/**
 * vs-dark with colours that meet WCAG AA contrast (4.5:1) on its background:
 * comments (#608b4e in vs-dark, 4.2:1) and the dimmed final line number (1.8:1).
 */
export const editorTheme = 'kubecamp-dark';
monaco.editor.defineTheme(editorTheme, {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '7FAF6A' }],
  colors: { 'editorLineNumber.dimmedForeground': '#8a8a8a' },
});

let yaml: MonacoYaml | undefined;
/** Kubernetes manifests (by model URI) where unknown fields are errors, not warnings. */
const manifestUris = new Set<string>();

monaco.editor.onDidChangeMarkers((uris) => {
  for (const uri of uris) {
    if (!manifestUris.has(uri.toString())) continue;
    const model = monaco.editor.getModel(uri);
    if (!model) continue;
    const raised = tidyManifestMarkers(monaco.editor.getModelMarkers({ resource: uri, owner: 'yaml' }));
    if (raised) monaco.editor.setModelMarkers(model, 'yaml', raised);
  }
});

/** Validate and complete these YAML files against a Kubernetes schema (or turn that off with no files). */
export async function useKubernetesSchema(schema: unknown, fileUris: string[]): Promise<void> {
  const options: MonacoYamlOptions = {
    enableSchemaRequest: false,
    isKubernetes: true,
    completion: true,
    hover: true,
    validate: true,
    schemas: fileUris.length && schema ? [{ uri: 'kubecamp://schemas/kubernetes.json', fileMatch: fileUris, schema: schema as JSONSchema }] : [],
  };
  manifestUris.clear();
  if (schema) for (const u of fileUris) manifestUris.add(u);
  if (!yaml) yaml = configureMonacoYaml(monaco, options);
  else await yaml.update(options);
}

/** Plain YAML checking (syntax) even before a schema arrives. */
export function startYaml(): void {
  void useKubernetesSchema(undefined, []);
}

export { monaco };

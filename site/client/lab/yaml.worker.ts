// The YAML language server, bundled by Vite as its own worker (`?worker`): no CDN.
import 'monaco-yaml/yaml.worker.js';

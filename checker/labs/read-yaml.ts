import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ContextError } from '../lib/errors.ts';

/** Read a YAML file; syntax errors name the file, line and column. */
export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ContextError(`cannot read ${file}`, { cause: err });
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new ContextError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${e.message.split('\n')[0]}`, {
      fix: pos ? `fix line ${pos.line}, column ${pos.col} of ${file}` : `fix the YAML in ${file}`,
    });
  }
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new ContextError(`${file}: ${(err as Error).message}`, { fix: `use fewer nested aliases (*name) in ${file}` });
  }
}

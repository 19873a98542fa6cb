import { describe, expect, it } from 'vitest';
import { fileNameProblem } from './file-names.ts';

describe('names for new and renamed workspace files', () => {
  it('takes plain names and paths into folders', () => {
    for (const ok of ['notes.yaml', 'Dockerfile', 'k8s/service.yaml', 'app/src/main_v2.go', 'café.txt', 'a/b/c/d/e.txt']) expect(fileNameProblem(ok), ok).toBeUndefined();
  });

  it('says why a name is refused', () => {
    expect(fileNameProblem('  ')).toBe('type a file name, e.g. notes.yaml');
    expect(fileNameProblem('/etc/passwd')).toBe('"/etc/passwd" is absolute; type a name inside the workspace, e.g. app/notes.yaml');
    expect(fileNameProblem('C:evil')).toBe('"C:evil" is absolute; type a name inside the workspace, e.g. app/notes.yaml');
    expect(fileNameProblem('app/../../x')).toBe('"app/../../x" contains "." or ".." as a folder; files stay inside the workspace');
    expect(fileNameProblem('./x')).toBe('"./x" contains "." or ".." as a folder; files stay inside the workspace');
    expect(fileNameProblem('app//x')).toBe('"app//x" has an empty folder name (two slashes, or a slash at the end)');
    expect(fileNameProblem('app/')).toBe('"app/" has an empty folder name (two slashes, or a slash at the end)');
    expect(fileNameProblem('a/b/c/d/e/f.txt')).toBe('"a/b/c/d/e/f.txt" is nested 5 folders deep; the file list shows files at most 4 folders deep');
    expect(fileNameProblem('app/.env')).toBe('".env" starts with a dot: hidden files are not shown in the file list');
    expect(fileNameProblem('my file.yaml')).toBe('"my file.yaml" may contain only letters, digits, ".", "_" and "-"');
    expect(fileNameProblem('a\\b')).toBe('"a\\b" may contain only letters, digits, ".", "_" and "-"');
    expect(fileNameProblem('x\0y')).toBe('"x\0y" may contain only letters, digits, ".", "_" and "-"');
    expect(fileNameProblem('answers.yaml')).toBe('answers.yaml holds the typed answers; answer in the task list instead');
  });
});

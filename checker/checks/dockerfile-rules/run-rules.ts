import { Run, type Instruction } from 'dockerfile-ast';
import { commandText, lineOf, shown, type RuleFn, type Violation } from './model.ts';

// ---------- single-run-for-packages ----------

const packageInstall = /\b(apt-get|apt|apk|dnf|yum|microdnf)\s+(?:-\S+\s+)*(install|add)\b/;
const aptUpdate = /\bapt(-get)?\s+(?:-\S+\s+)*update\b/;
const apkUpdate = /\bapk\s+(?:-\S+\s+)*update\b/;

function runsInARow(body: Instruction[]): Instruction[][] {
  const groups: Instruction[][] = [];
  let current: Instruction[] = [];
  for (const ins of body) {
    if (ins instanceof Run) current.push(ins);
    else {
      if (current.length) groups.push(current);
      current = [];
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

export const singleRunForPackages: RuleFn = (m) => {
  const out: Violation[] = [];
  const add = (ins: Instruction, message: string) => out.push({ rule: 'single-run-for-packages', line: lineOf(ins), message: `line ${lineOf(ins)}: ${message}` });
  const oneRun = 'RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*';
  for (const stage of m.stages) {
    let firstInstall: Instruction | null = null;
    const updatesAlone: Instruction[] = [];
    for (const ins of stage.body.filter((i) => i instanceof Run)) {
      const cmd = commandText(ins, m.escape);
      const install = packageInstall.exec(cmd);
      if (!install) {
        if (aptUpdate.test(cmd) || apkUpdate.test(cmd)) updatesAlone.push(ins);
        continue;
      }
      if (firstInstall) {
        add(ins, `${shown(ins)} installs packages again (first on line ${lineOf(firstInstall)}); install them all in one RUN: ${oneRun}`);
        continue;
      }
      firstInstall = ins;
      const apt = install[1].startsWith('apt');
      const update = updatesAlone.find((u) => (apt ? aptUpdate : apkUpdate).test(commandText(u, m.escape)));
      if (update) updatesAlone.splice(updatesAlone.indexOf(update), 1);
      const cacheMount = ((ins as Run).getFlags() ?? []).some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && /\/var\/(lib|cache)\/apt/.test(f.getValue() ?? ''));
      if (apt && !aptUpdate.test(cmd)) {
        const where = update ? ` (it is in its own RUN on line ${lineOf(update)}, a cached layer)` : '';
        add(ins, `${shown(ins)} has no apt-get update in the same RUN${where}, so it can use a stale package list; write ${oneRun}`);
      } else if (apt && !/rm\s+-[rf]+\s+\/var\/lib\/apt\/lists/.test(cmd) && !cacheMount) {
        add(ins, `${shown(ins)} leaves the package lists in the image; end the RUN with && rm -rf /var/lib/apt/lists/*`);
      } else if (install[1] === 'apk' && !/--no-cache\b/.test(cmd) && !/rm\s+-[rf]+\s+\/var\/cache\/apk/.test(cmd)) {
        add(ins, `${shown(ins)} keeps the package index in the image; use apk add --no-cache …`);
      }
    }
    for (const u of updatesAlone) {
      add(u, `${shown(u)} on its own is cached as a separate layer, so installs can use a stale package list; update and install in the same RUN: ${oneRun}`);
    }
    for (const group of runsInARow(stage.body)) {
      if (group.length <= 2) continue;
      add(group[0], `${group.length} RUN instructions in a row (lines ${group.map(lineOf).join(', ')}) each add a layer; chain them with && into one RUN`);
    }
  }
  out.sort((a, b) => a.line - b.line);
  return { violations: out };
};

// ---------- no-curl-pipe ----------

const curlPipe = [
  /\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(\/(usr\/)?bin\/)?(ba|z|da|k|a)?sh\b/,
  /\b(ba|z)?sh\s+(-\S+\s+)*["']?\$\(\s*(curl|wget)\b/,
  /\b(ba|z)?sh\s+<\(\s*(curl|wget)\b/,
];

export const noCurlPipe: RuleFn = (m) => {
  const out: Violation[] = [];
  for (const ins of m.stages.flatMap((s) => s.body)) {
    if (!(ins instanceof Run)) continue;
    const cmd = commandText(ins, m.escape);
    const hit = curlPipe.find((re) => re.test(cmd));
    if (!hit) continue;
    const tool = /\bwget\b/.test(cmd) && !/\bcurl\b/.test(cmd) ? 'wget' : 'curl';
    out.push({
      rule: 'no-curl-pipe',
      line: lineOf(ins),
      message: `line ${lineOf(ins)}: ${shown(ins)} pipes a downloaded script into a shell unchecked; download it with ${tool} to a file, verify its checksum (sha256sum -c), then run it`,
      expected: 'a checked download',
      actual: `${tool} | sh`,
    });
  }
  return { violations: out };
};

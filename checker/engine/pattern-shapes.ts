/**
 * Shapes of regular expressions that make backtracking matchers (JavaScript's
 * among them) slow on some inputs, found by reading the source: a learner's
 * file of blank lines must not make a check take minutes. A heuristic, not a
 * proof: it names the shapes seen in practice and the rewrite for each.
 */

interface Atom {
  /** The atom can match a line break, so a run of it can cross blank lines. */
  crossesLines: boolean;
  /** Quantified with *, + or {n,}. */
  unbounded: boolean;
  /** Quantified at all (?, *, +, {…}): the atom may be skipped or repeated. */
  quantified: boolean;
  /** A group: its alternatives, each a list of atoms. */
  alternatives?: Atom[][];
  /** `^` or `$`, `\b` and other zero-width atoms. */
  anchor?: '^' | 'other';
  text: string;
}

/** Character-class escapes and whether they match `\n`. */
const classEscapes: Record<string, boolean> = { s: true, S: false, d: false, D: true, w: false, W: true };

function parse(source: string, dotAll: boolean): Atom[][] {
  let i = 0;
  const alternatives = (): Atom[][] => {
    const alts: Atom[][] = [[]];
    while (i < source.length && source[i] !== ')') {
      const c = source[i];
      if (c === '|') {
        i++;
        alts.push([]);
        continue;
      }
      const start = i;
      let atom: Atom;
      if (c === '(') {
        i++;
        let lookaround = false;
        if (source[i] === '?') {
          const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/.exec(source.slice(i));
          lookaround = !!m && /^\?(=|!|<=|<!)/.test(m[0]);
          i += m ? m[0].length : 1;
        }
        const inner = alternatives();
        i++; // ')'
        atom = lookaround
          ? { crossesLines: false, unbounded: false, quantified: false, anchor: 'other', text: '' }
          : { crossesLines: inner.some((a) => a.some((x) => x.crossesLines)), unbounded: false, quantified: false, alternatives: inner, text: '' };
      } else if (c === '[') {
        const m = /^\[(\^)?((?:\\.|[^\]\\])*)\]/.exec(source.slice(i));
        const body = m?.[2] ?? '';
        const negated = !!m?.[1];
        const listsNewline = /\\[sn]|\\W|\\D|\n/.test(body);
        i += m ? m[0].length : 1;
        atom = { crossesLines: negated ? !/\\[sn]|\n/.test(body) : listsNewline, unbounded: false, quantified: false, text: '' };
      } else if (c === '\\') {
        const e = source[i + 1] ?? '';
        i += 2;
        if (e === 'b' || e === 'B') atom = { crossesLines: false, unbounded: false, quantified: false, anchor: 'other', text: '' };
        else atom = { crossesLines: classEscapes[e] ?? e === 'n', unbounded: false, quantified: false, text: '' };
      } else if (c === '^' || c === '$') {
        i++;
        atom = { crossesLines: false, unbounded: false, quantified: false, anchor: c === '^' ? '^' : 'other', text: '' };
      } else {
        i++;
        atom = { crossesLines: c === '.' ? dotAll : c === '\n', unbounded: false, quantified: false, text: '' };
      }
      const q = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i));
      if (q && !atom.anchor) {
        i += q[0].length;
        atom.quantified = true;
        atom.unbounded = q[0][0] === '*' || q[0][0] === '+' || (q[2] !== undefined && q[3] === '');
      }
      atom.text = source.slice(start, i);
      alts[alts.length - 1].push(atom);
    }
    return alts;
  };
  return alternatives();
}

/** Every place the pattern may start matching: the first atoms of each top-level alternative (through plain groups). */
function leadingAtoms(alts: Atom[][]): Atom[][] {
  const out: Atom[][] = [];
  for (const alt of alts) {
    const [first, second] = alt;
    if (first?.alternatives && !first.quantified) {
      for (const inner of leadingAtoms(first.alternatives)) out.push([...inner, ...alt.slice(1)]);
    } else if (first) out.push([first, ...(second ? [second] : [])]);
  }
  return out;
}

function nestedQuantifiers(alts: Atom[][], found: string[]) {
  for (const alt of alts) {
    for (const atom of alt) {
      if (!atom.alternatives) continue;
      // (a+)+, (\s*x?)*: an alternative made only of optional or repeated atoms, one of them unbounded, repeated again.
      const ambiguous = atom.alternatives.some((inner) => inner.length > 0 && inner.every((x) => x.quantified) && inner.some((x) => x.unbounded));
      if (atom.unbounded && ambiguous) found.push(atom.text);
      nestedQuantifiers(atom.alternatives, found);
    }
  }
}

/** The slow shapes in a pattern (inline flags already removed), each with why and the fix, or none. */
export function slowPatternShapes(source: string, flags: string): string[] {
  const alts = parse(source, flags.includes('s'));
  const problems: string[] = [];
  for (const [first, second] of leadingAtoms(alts)) {
    const lineStart = first?.anchor === '^' && flags.includes('m') && second?.unbounded && second.crossesLines;
    const unanchored = !first?.anchor && first?.unbounded && first.crossesLines;
    if (lineStart) {
      problems.push(
        `^${second.text} under the m flag lets every line's match attempt run on across all the blank lines after it, so a file of blank lines takes quadratic time; use [ \\t]* (spaces and tabs) instead of ${second.text} after ^`,
      );
    } else if (unanchored) {
      problems.push(
        `a leading ${first.text} is tried from every position and runs across every blank line after it, so a file of blank lines takes quadratic time; start with ^[ \\t]* under the m flag, or drop the leading ${first.text}`,
      );
    }
  }
  const nested: string[] = [];
  nestedQuantifiers(alts, nested);
  for (const text of nested) {
    problems.push(`${text} repeats a group that is itself only repetition, so a near-miss backtracks exponentially; quantify once (e.g. (ab)+ or a+ instead of (a+)+)`);
  }
  return problems;
}

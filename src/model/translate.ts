/**
 * Python forms found in the seed documents, translated to mathjs syntax before parsing:
 * `x**2` → `x^2`, `a if c else b` → `(c) ? (a) : (b)`, `np.exp`/`math.exp` → `exp`.
 * Translation is purely textual and conservative: anything it does not recognise is left for the
 * parser (and its errors) to see.
 *
 * Every character of the translated text remembers where it came from in the source, so a
 * parser error in translated text can still point at the right column of what the user wrote.
 */

/** Translated text and, for each of its characters, the 0-based index in the source it came from. */
export interface Translation {
  text: string;
  /** map[i] = source index of text[i]; map[text.length] = source.length (the end) */
  map: number[];
}

/** A string whose characters carry their source index. */
type Mapped = { c: string; at: number }[];

const join = (m: Mapped): string => m.map((x) => x.c).join('');
/** Characters inserted by the translation take the source index of the construct they stand for. */
const lit = (s: string, at: number): Mapped => [...s].map((c) => ({ c, at }));

export function translatePython(source: string): string {
  return translatePythonMapped(source).text;
}

export function translatePythonMapped(source: string): Translation {
  let m: Mapped = [...source].map((c, i) => ({ c, at: i }));
  // `**` → `^` (keeping the first star's position), `np.exp` → `exp`
  const out: Mapped = [];
  for (let i = 0; i < m.length; i++) {
    if (m[i].c === '*' && m[i + 1]?.c === '*') {
      out.push({ c: '^', at: m[i].at });
      i++;
      continue;
    }
    const rest = source.slice(i);
    const prefix = /^(?:np|numpy|math)\.(?=[A-Za-z_])/.exec(rest);
    if (prefix && (i === 0 || !/[A-Za-z0-9_.]/.test(source[i - 1]))) {
      i += prefix[0].length - 1;
      continue;
    }
    out.push(m[i]);
  }
  m = out;
  if (/\bif\b/.test(join(m))) m = translateTernary(m);
  return { text: join(m), map: [...m.map((x) => x.at), source.length] };
}

/** Rewrite every `A if C else B` (innermost parentheses first) into mathjs's `C ? A : B`. */
function translateTernary(s: Mapped): Mapped {
  // First rewrite inside each parenthesised group, so nested conditionals are handled.
  const out: Mapped = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i].c === '(') {
      const close = matching(s, i);
      if (close < 0) return s; // unbalanced: let the parser report it
      out.push(s[i], ...translateTernary(s.slice(i + 1, close)), s[close]);
      i = close;
    } else out.push(s[i]);
  }
  return eachArgument(out);
}

/** Each top-level comma-separated piece (an argument of a call: `max(a if c else b, 0)`) is translated on its own. */
function eachArgument(s: Mapped): Mapped {
  const out: Mapped = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i]?.c;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (i === s.length || (c === ',' && depth === 0)) {
      out.push(...topLevelTernary(s.slice(from, i)));
      if (i < s.length) out.push(s[i]);
      from = i + 1;
    }
  }
  return out;
}

function matching(s: Mapped, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i].c;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function topLevelWord(s: Mapped, word: string, from = 0): number {
  let depth = 0;
  const text = join(s);
  const re = new RegExp(`^${word}\\b`);
  for (let i = from; i < s.length; i++) {
    const c = s[i].c;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (i === 0 || !/[A-Za-z0-9_.]/.test(s[i - 1].c)) && re.test(text.slice(i))) return i;
  }
  return -1;
}

function trim(s: Mapped): Mapped {
  let a = 0;
  let b = s.length;
  while (a < b && /\s/.test(s[a].c)) a++;
  while (b > a && /\s/.test(s[b - 1].c)) b--;
  return s.slice(a, b);
}

function topLevelTernary(s: Mapped): Mapped {
  const iIf = topLevelWord(s, 'if');
  if (iIf < 0) return s;
  const iElse = topLevelWord(s, 'else', iIf + 2);
  if (iElse < 0) return s;
  const a = trim(s.slice(0, iIf));
  const c = trim(s.slice(iIf + 2, iElse));
  const b = topLevelTernary(trim(s.slice(iElse + 4)));
  if (!a.length || !c.length || !b.length) return s;
  const atIf = s[iIf].at;
  const atElse = s[iElse].at;
  // `(c) ? (a) : (b)`: the condition's parentheses stand where `if` was, the rest where `else` was
  return [
    ...lit('(', atIf),
    ...c,
    ...lit(') ? (', atIf),
    ...a,
    ...lit(') : (', atElse),
    ...b,
    ...lit(')', b[b.length - 1].at + 1),
  ];
}

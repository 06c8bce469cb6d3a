/**
 * Python forms found in the seed documents, translated to mathjs syntax before parsing:
 * `x**2` → `x^2`, `a if c else b` → `(c) ? (a) : (b)`, `np.exp`/`math.exp` → `exp`.
 * Translation is purely textual and conservative: anything it does not recognise is left for the
 * parser (and its errors) to see.
 */
export function translatePython(source: string): string {
  let s = source.replace(/\*\*/g, '^').replace(/\b(?:np|numpy|math)\.(?=[A-Za-z_])/g, '');
  if (/\bif\b/.test(s)) s = translateTernary(s);
  return s;
}

/** Rewrite every `A if C else B` (innermost parentheses first) into mathjs's `C ? A : B`. */
function translateTernary(s: string): string {
  // First rewrite inside each parenthesised group, so nested conditionals are handled.
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') {
      const close = matching(s, i);
      if (close < 0) return s; // unbalanced: let the parser report it
      out += '(' + translateTernary(s.slice(i + 1, close)) + ')';
      i = close;
    } else out += s[i];
  }
  return topLevelTernary(out);
}

function matching(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(' || s[i] === '[') depth++;
    else if (s[i] === ')' || s[i] === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function topLevelWord(s: string, word: string, from = 0): number {
  let depth = 0;
  const re = new RegExp(`^${word}\\b`);
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (i === 0 || !/[A-Za-z0-9_.]/.test(s[i - 1])) && re.test(s.slice(i))) return i;
  }
  return -1;
}

function topLevelTernary(s: string): string {
  const iIf = topLevelWord(s, 'if');
  if (iIf < 0) return s;
  const iElse = topLevelWord(s, 'else', iIf + 2);
  if (iElse < 0) return s;
  const a = s.slice(0, iIf).trim();
  const c = s.slice(iIf + 2, iElse).trim();
  const b = topLevelTernary(s.slice(iElse + 4).trim());
  if (!a || !c || !b) return s;
  return `(${c}) ? (${a}) : (${b})`;
}

/**
 * The bundled models as a catalogue: names, descriptions and the names a model file declares,
 * read from the files' top-level keys alone. Listing models must not pay for parsing and
 * validating every equation (mathjs alone takes over a second to load), nor for the full YAML
 * parser (a few hundred ms to load and warm up for seven files); loadModel() does all of that
 * when a model is used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from './paths.js';

/** One model file's declarations. */
export interface CatalogEntry {
  name: string;
  description: string;
  file: string;
  /** state variables in state-vector order */
  variables: string[];
  parameters: string[];
  presets: string[];
}

type Declarations = Omit<CatalogEntry, 'file'>;

const SECTIONS = ['variables', 'parameters', 'presets'] as const;

/**
 * The declarations of a model file written in plain block style (as every bundled model is):
 * `name:` and `description:` as plain or quoted one-line scalars, and the keys one level under
 * `variables:`, `parameters:` and `presets:`. Anything else YAML allows there (flow mappings at
 * the top, block scalars, anchors, tabs, several documents) returns undefined, and the caller
 * uses the real YAML parser: this is a shortcut for the common case, never a second dialect.
 */
export function scanModelDeclarations(text: string): Declarations | undefined {
  if (text.includes('\t') || /^(---|\.\.\.)/m.test(text)) return undefined;
  const out: Declarations = { name: '', description: '', variables: [], parameters: [], presets: [] };
  let section: (typeof SECTIONS)[number] | null = null;
  let inOther = false;
  let indent = -1;
  let sawName = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const top = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/.exec(raw);
    if (top) {
      const [, key, rest = ''] = top;
      const value = rest.replace(/\s+#.*$/, '').trim();
      section = null;
      inOther = false;
      if ((SECTIONS as readonly string[]).includes(key)) {
        if (value !== '') return undefined; // a flow mapping or a scalar where a block is expected
        section = key as (typeof SECTIONS)[number];
        indent = -1;
      } else if (key === 'name' || key === 'description') {
        const s = scalar(value);
        if (s === undefined) return undefined;
        out[key] = s;
        if (key === 'name') sawName = true;
      } else inOther = true;
      continue;
    }
    const lead = /^( +)(\S.*)$/.exec(raw);
    if (!lead) return undefined; // something at column 0 that is not `key:`
    if (inOther) continue;
    if (!section) return undefined;
    const depth = lead[1].length;
    if (indent < 0) indent = depth;
    if (depth < indent) return undefined;
    if (depth > indent) continue; // inside one entry
    const key = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(\s|$)/.exec(lead[2]);
    if (!key) return undefined;
    out[section].push(key[1]);
  }
  return sawName ? out : undefined;
}

/** A one-line YAML scalar (plain, "double" or 'single' quoted), or undefined when it is not one. */
function scalar(v: string): string | undefined {
  if (v === '') return undefined;
  if (v.startsWith('"')) {
    try {
      const s: unknown = JSON.parse(v);
      return typeof s === 'string' ? s : undefined;
    } catch {
      return undefined;
    }
  }
  if (v.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'$/.exec(v);
    return m ? m[1].replace(/''/g, "'") : undefined;
  }
  // indicators that make a plain scalar something else (flow collections, block scalars, tags, ...)
  if (/^[[\]{}|>&*!%@`,?:-]/.test(v) || /:\s/.test(v)) return undefined;
  return v;
}

/** The same declarations through the full YAML parser (loaded only when the scan declines). */
async function parseDeclarations(text: string): Promise<Declarations> {
  const { default: YAML } = await import('yaml');
  const spec = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  const keys = (o: unknown): string[] => (o && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o) : []);
  return {
    name: String(spec.name),
    description: typeof spec.description === 'string' ? spec.description : '',
    variables: keys(spec.variables),
    parameters: keys(spec.parameters),
    presets: keys(spec.presets),
  };
}

/**
 * The declarations of one model file (YAML or JSON).
 * @example await modelDeclarations(readFileSync('models/lif.yaml', 'utf8'))   // { name: 'lif', ... }
 */
export async function modelDeclarations(text: string): Promise<Declarations> {
  return scanModelDeclarations(text) ?? parseDeclarations(text);
}

/**
 * The bundled models (models/*.yaml|yml|json, networks excepted), sorted by file name.
 * @example (await modelCatalog()).map((m) => m.name)   // ['adex', 'fitzhugh-nagumo', ...]
 */
export async function modelCatalog(): Promise<CatalogEntry[]> {
  const dir = modelsDir();
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.network.json'))
    .sort();
  const out: CatalogEntry[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const d = await modelDeclarations(readFileSync(file, 'utf8'));
    out.push({
      name: d.name,
      description: d.description,
      file,
      variables: d.variables,
      parameters: d.parameters,
      presets: d.presets,
    });
  }
  return out;
}

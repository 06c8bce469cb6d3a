/**
 * The bundled models as a catalogue: names, descriptions and the names a model file declares,
 * read from the YAML alone. Listing models must not pay for parsing and validating every
 * equation (mathjs alone takes over a second to load); loadModel() does that when a model is used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { modelsDir } from './paths.js';

/** One bundled model, as its file declares it. */
export interface CatalogEntry {
  name: string;
  description: string;
  file: string;
  /** state variables in state-vector order */
  variables: string[];
  parameters: string[];
  presets: string[];
}

const keys = (o: unknown): string[] => (o && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o) : []);

/**
 * The bundled models (models/*.yaml|yml|json, networks excepted), sorted by file name.
 * @example modelCatalog().map((m) => m.name)   // ['adex', 'fitzhugh-nagumo', ...]
 */
export function modelCatalog(): CatalogEntry[] {
  const dir = modelsDir();
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.network.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const spec = YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      return {
        name: String(spec.name),
        description: typeof spec.description === 'string' ? spec.description : '',
        file,
        variables: keys(spec.variables),
        parameters: keys(spec.parameters),
        presets: keys(spec.presets),
      };
    });
}

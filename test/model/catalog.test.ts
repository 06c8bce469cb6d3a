/**
 * The model catalogue behind `isocline models` reads the files' declarations without the YAML
 * parser (issue 11.9: start-up). The reference is the YAML parser itself: for every bundled model
 * file the quick scan must give exactly what YAML.parse gives, and for anything it does not
 * understand it must decline (undefined) so that the parser is used.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { modelCatalog, modelDeclarations, scanModelDeclarations } from '../../src/model/catalog.js';
import { loadModel } from '../../src/model/modelfile.js';

const dir = new URL('../../models', import.meta.url).pathname;
const byParser = (text: string) => {
  const s = YAML.parse(text);
  const keys = (o: unknown) => (o && typeof o === 'object' ? Object.keys(o) : []);
  return { name: s.name, description: typeof s.description === 'string' ? s.description : '', variables: keys(s.variables), parameters: keys(s.parameters), presets: keys(s.presets) };
};

describe('model catalogue', () => {
  const files = [
    ...readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'variants')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, 'variants', f)),
  ];

  it('the scan reads every bundled model file exactly as the YAML parser does', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const scanned = scanModelDeclarations(text);
      expect(scanned, f).toBeDefined(); // no bundled file needs the slow path
      expect(scanned, f).toEqual(byParser(text));
    }
  });

  it('the catalogue agrees with the loaded, validated models', async () => {
    for (const m of await modelCatalog()) {
      const model = loadModel(m.file);
      expect(m.name).toBe(model.name);
      expect(m.variables).toEqual(model.variableNames);
      expect(m.parameters).toEqual(model.parameterNames);
      expect(m.presets).toEqual(model.presets);
    }
  });

  it('declines what it does not understand, and the parser then answers', async () => {
    const cases = [
      'name: m\nvariables: { v: "-v" }\n',                        // a flow mapping at the top
      'name: m\ndescription: |\n  two\n  lines\nvariables:\n  v: "-v"\n', // a block scalar
      'name: m\ndescription: [a, b]\nvariables:\n  v: "-v"\n',     // not a plain scalar
      'name: &n m\nvariables:\n  v: "-v"\n',                      // an anchor
      '{"name": "m", "variables": {"v": "-v"}}',                  // JSON
      'name: m\ndescription: "a\tb"\nvariables:\n  v: "-v"\n',     // a tab anywhere
      '---\nname: m\nvariables:\n  v: "-v"\n',                     // a document marker
    ];
    for (const text of cases) {
      expect(scanModelDeclarations(text), text).toBeUndefined();
      expect(await modelDeclarations(text)).toEqual(byParser(text));
    }
    // quoted scalars and trailing comments are understood
    const q = 'name: "m"  # the name\ndescription: \'it\'\'s "quoted"\'\nvariables:\n  v: { ddt: "-v" }   # v\n  w: "-w"\nparameters:\n  tau:\n    value: 1\n';
    expect(scanModelDeclarations(q)).toEqual(byParser(q));
  });
});

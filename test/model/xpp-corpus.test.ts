/**
 * The stored measurement of .ode import against XPPAUT on Debian's 101 examples
 * (test/references/xpp_corpus.json, made by test/references/xpp_corpus.mjs, which runs xppaut).
 * Where the examples are installed the import half is re-checked live: each file still imports,
 * or is still refused for the recorded reason.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseModelFile } from '../../src/model/modelfile.js';
import { Model } from '../../src/model/model.js';

interface Row { file: string; status: 'imported' | 'refused'; reason?: string; agrees?: boolean; method?: string }
const corpus = JSON.parse(readFileSync(join(__dirname, '..', 'references', 'xpp_corpus.json'), 'utf8')) as {
  files: number; imported: number; refused: number; compared: number; agree: number; results: Row[];
};
const examples = '/usr/share/doc/xppaut/examples/ode';

describe('XPPAUT corpus (stored reference)', () => {
  it('accounts for every one of the 101 Debian examples', () => {
    expect(corpus.files).toBe(101);
    expect(corpus.imported + corpus.refused).toBe(101);
    expect(corpus.results.filter((r) => r.agrees).length).toBe(corpus.agree);
  });

  it('every refusal names the line (or model) and the feature', () => {
    for (const r of corpus.results.filter((x) => x.status === 'refused')) {
      expect(r.reason, r.file).toMatch(/(\.ode:\d+: |model ')/);
      expect(r.reason, r.file).not.toMatch(/\n/);
    }
  });

  it('the neuron examples ml1.ode (Morris-Lecar) and nnet.ode (Wilson-Cowan) agree with XPPAUT', () => {
    for (const f of ['ml1.ode', 'nnet.ode']) {
      expect(corpus.results.find((r) => r.file === f)?.agrees, f).toBe(true);
    }
  });

  it.skipIf(!existsSync(examples))('live: each example still imports or is refused as recorded', () => {
    for (const r of corpus.results) {
      const gz = existsSync(join(examples, r.file + '.gz'));
      const raw = readFileSync(join(examples, gz ? r.file + '.gz' : r.file));
      const text = (gz ? gunzipSync(raw) : raw).toString('latin1');
      let status: string;
      let reason = '';
      try {
        new Model(parseModelFile(text, r.file));
        status = 'imported';
      } catch (e) {
        status = 'refused';
        reason = (e as Error).message;
      }
      expect(status, `${r.file}: ${reason}`).toBe(r.status);
      if (r.status === 'refused') expect(reason.replace(/^.*?(\.ode:\d+: )/, '$1')).toBe(r.reason!.replace(/^.*?(\.ode:\d+: )/, '$1'));
    }
  });
});

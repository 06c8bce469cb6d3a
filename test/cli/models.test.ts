import { describe, it, expect } from 'vitest';
import { runCLI } from './run-cli.js';

describe('isocline models', () => {
  it('lists the bundled models with descriptions', async () => {
    const r = await runCLI('models');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^izhikevich +Izhikevich \(2003\).*\[presets: RS,/m);
    expect(r.stdout).toMatch(/^fitzhugh-nagumo +\S/m);
    expect(r.stdout).toMatch(/^lif +\S/m);
  });

  it('--json gives name, description, file, variables, parameters and presets', async () => {
    const r = await runCLI('models', '--json');
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; description: string; file: string; variables: string[]; parameters: string[]; presets: string[] }[];
    const izh = list.find((m) => m.name === 'izhikevich')!;
    expect(izh.variables).toEqual(['v', 'u']);
    expect(izh.parameters).toContain('I');
    expect(izh.presets).toContain('RS');
    expect(izh.file).toMatch(/izhikevich\.yaml$/);
    expect(list.every((m) => m.description.length > 0)).toBe(true);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await runCLI('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/simulate/);
    expect(r.stdout).toMatch(/models/);
  });
});

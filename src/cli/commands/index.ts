import type { Command } from 'commander';
import { register as models } from './models.js';
import { register as network } from './network.js';
import { register as networks } from './networks.js';
import { register as simulate } from './simulate.js';
import { register as phase } from './phase.js';
import { register as fixedPoints } from './fixed-points.js';
import { register as limitCycle } from './limit-cycle.js';
import { register as fiCurve } from './fi-curve.js';
import { register as bifurcation } from './bifurcation.js';
import { register as continueCommand } from './continue.js';
import { register as convert } from './convert.js';
import { register as explore } from './explore.js';

/** Every CLI command, one module each. Add an import and a line per command. */
export const commands: ((program: Command) => void)[] = [
  models,
  network,
  networks,
  simulate,
  phase,
  fixedPoints,
  limitCycle,
  fiCurve,
  bifurcation,
  continueCommand,
  convert,
  explore,
];

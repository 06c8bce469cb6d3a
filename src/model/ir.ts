/**
 * ModelIR: the validated, immutable contract between the model layer and every emitter.
 * Engines never see strings; they see this.
 */
import type { MathNode } from './math.js';

export interface IRVariable {
  name: string;
  index: number;
  source: string;
  /** d(name)/dt, named expressions referenced by name */
  ddt: MathNode;
  /** initial value expression (parameters and earlier variables' initial values) */
  init: MathNode;
  unit?: string;
}

export interface IRParameter {
  name: string;
  index: number;
  value: number;
  unit?: string;
  description?: string;
}

export interface IRNamed {
  name: string;
  kind: 'expression' | 'input';
  source: string;
  node: MathNode;
}

export interface IRReset {
  variable: string;
  index: number;
  source: string;
  node: MathNode;
}

export interface IREvent {
  name: string;
  source: string;
  /** g = lhs - rhs: the event fires when g crosses 0 in `direction` */
  g: MathNode;
  /** +1 for `>`/`>=` (g rising through 0), -1 for `<`/`<=` */
  direction: 1 | -1;
  resets: IRReset[];
  /** refractory period expression (of parameters), or null */
  refractory: MathNode | null;
  /** indices of variables clamped during the refractory period */
  clamp: number[];
}

export interface ModelIR {
  name: string;
  variables: IRVariable[];
  parameters: IRParameter[];
  /** inputs and named expressions, in an order where each only uses earlier ones */
  named: IRNamed[];
  events: IREvent[];
  /** ddt of each variable with named expressions substituted (what the Jacobian differentiates) */
  inlined: MathNode[];
  /** symbolic Jacobian J[i][j] = d(ddt_i)/d(y_j), simplified */
  jacobian: MathNode[][];
}

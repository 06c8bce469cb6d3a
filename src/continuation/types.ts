/**
 * The data that continuation produces: branches of equilibria and periodic orbits, curves of
 * codimension-one points in two parameters, and the special points found on them. Plain data
 * (numbers, arrays, records) so a result prints as the JSON contract of `isocline continue`:
 *
 *   { "branches": [ { "kind": "equilibrium" | "cycle" | "hopf-curve" | "fold-curve", "points": [...] } ],
 *     "special":  [ { "type": "H" | "LP" | ..., "param": p, "state": {...}, "period"?, "lyapunov"?,
 *                     "criticality"? } ] }
 *
 * Fields may be added; these are kept.
 */

/** Labels as AUTO-07p and MatCont print them. */
export type SpecialType = 'H' | 'LP' | 'BP' | 'LPC' | 'PD' | 'NS' | 'BT' | 'CP' | 'GH';

export type BranchKind = 'equilibrium' | 'cycle' | 'hopf-curve' | 'fold-curve';

export interface ComplexValue {
  re: number;
  im: number;
}

/** One point of a branch. */
export interface BranchPoint {
  /** the continuation parameter's value */
  param: number;
  /** the second parameter's value, on two-parameter curves */
  param2?: number;
  /** equilibrium state, or for a cycle the state at the phase origin */
  state: Record<string, number>;
  stable: boolean;
  /** eigenvalues of the Jacobian (equilibria) */
  eigenvalues?: ComplexValue[];
  /** Floquet multipliers (cycles; the trivial one included) */
  multipliers?: ComplexValue[];
  /** period (cycles; also the Hopf period 2π/ω on Hopf curves) */
  period?: number;
  /** min and max of each variable over the cycle */
  min?: Record<string, number>;
  max?: Record<string, number>;
  /** arclength along the branch */
  s?: number;
}

export interface ContinuationBranch {
  kind: BranchKind;
  /** the parameter(s) varied */
  param: string;
  param2?: string;
  points: BranchPoint[];
  /** why the branch ended: range left, step too small, point limit, homoclinic/SNIC approach, ... */
  end?: string;
}

export interface ContinuationSpecialPoint {
  type: SpecialType;
  param: number;
  param2?: number;
  state: Record<string, number>;
  /** index into ContinuationResult.branches of the branch it lies on */
  branch?: number;
  /** cycle period (LPC, PD, NS) or Hopf period 2π/ω (H) */
  period?: number;
  /** first Lyapunov coefficient at a Hopf point */
  lyapunov?: number;
  criticality?: 'subcritical' | 'supercritical' | 'degenerate';
  /** a short human description ("Hopf, ω = 0.63, subcritical") */
  note?: string;
}

export interface ContinuationResult {
  model: string;
  branches: ContinuationBranch[];
  special: ContinuationSpecialPoint[];
  /** anything the user should know: refused parts (hybrid models), branches cut short */
  warnings: string[];
}

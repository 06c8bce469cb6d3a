/** The model as data: what a model file holds (see docs/model-file.md). */

export interface VariableSpec {
  /** right-hand side of d(name)/dt */
  ddt: string;
  /** initial value: a number, or an expression of parameters and earlier variables' initial values */
  init?: number | string;
  /**
   * a mathjs unit string (`mV`, `1/ms`, `uA/cm^2`; `1` dimensionless), checked against the equations
   * (docs/model-file.md, Units)
   */
  unit?: string;
  description?: string;
}

export interface ParameterSpec {
  value: number;
  /** a mathjs unit string, checked like a variable's */
  unit?: string;
  description?: string;
}

export interface EventSpec {
  name?: string;
  /** one comparison, e.g. `v >= 30`; the crossing is located in time */
  when: string;
  /** simultaneous assignments, e.g. `v = c; u = u + d` (right sides see the pre-reset state) */
  reset?: string;
  /** refractory period: a number or an expression of parameters */
  refractory?: number | string;
  /** variables held at their reset value during the refractory period */
  clamp?: string[];
}

/** A user function, expanded inline wherever it is called: `{ args: [x, th, k], body: "1/(1 + exp(-(x - th)/k))" }`. */
export interface FunctionSpec {
  args: string[];
  /** an expression of the arguments (and of the model's parameters and other names) */
  body: string;
  description?: string;
}

/** Run settings a model carries (from an XPPAUT file's `@` options); a command's own options override them. */
export interface DefaultsSpec {
  /** simulated time */
  t?: number;
  /** output / fixed step */
  dt?: number;
  /** integration method name as isocline spells it (euler, rk4, odex, ...) */
  method?: string;
  /** plotted variables and ranges */
  x?: string;
  y?: string;
  xlim?: [number, number];
  ylim?: [number, number];
  /** |state| beyond which a run is considered diverged */
  bound?: number;
  /** most stored points */
  maxPoints?: number;
  /** options isocline keeps but does not act on, as written (e.g. XPP `nout`, `meth=gear`) */
  other?: Record<string, string>;
}

export interface ModelSpec {
  name: string;
  description?: string;
  reference?: string;
  /** unit of t (`ms`, `s`, `1`); with variables' units it fixes the unit each dx/dt must have */
  time_unit?: string;
  /** state variables in state-vector order; a bare string is the ddt with init 0 */
  variables: Record<string, VariableSpec | string>;
  parameters?: Record<string, number | ParameterSpec>;
  /** named expressions of state, parameters, inputs and t */
  expressions?: Record<string, string>;
  /** time-dependent inputs: expressions of t, parameters and other inputs */
  inputs?: Record<string, string>;
  events?: EventSpec[];
  /** named parameter sets */
  presets?: Record<string, Record<string, number>>;
  /** user functions, expanded inline before code generation */
  functions?: Record<string, FunctionSpec>;
  /** run settings (see DefaultsSpec) */
  defaults?: DefaultsSpec;
}

/**
 * Nullclines (and event threshold/reset lines) of a phase plane as ordered polylines.
 *
 * Each curve is the 0-level contour of a function on a grid (d3-contour, linear interpolation),
 * cut where the contour runs along the plane's border, and then refined: every vertex is moved
 * onto the true zero set by Newton steps along the gradient (the symbolic Jacobian), so a linear
 * nullcline comes out exact to rounding. Vertices where Newton does not reach a zero (a pole or
 * jump of the function, where the grid contour would invent a crossing) break the curve, so
 * separate branches stay separate and are never joined across gaps.
 */
import { contours } from 'd3-contour';
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError } from '../model/errors.js';
import { resolvePlane, type Plane, type PlaneOptions, type Axis } from './plane.js';

/** An ordered polyline in plane coordinates (closed curves repeat their first point at the end). */
export interface Polyline {
  x: Float64Array;
  y: Float64Array;
}

/** Threshold and reset lines of one event of a hybrid model. */
export interface EventLines {
  event: string;
  /** where the event condition switches (g = 0) */
  threshold: Polyline[];
  /** the image of the threshold under the reset map, projected on the plane */
  reset: Polyline[];
}

export interface NullclineOptions extends PlaneOptions {
  /** grid points per axis for the contouring (default 201) */
  resolution?: number;
}

export interface Nullclines {
  x: Axis;
  y: Axis;
  /** for each plane variable, the curves where its derivative vanishes */
  nullclines: Record<string, Polyline[]>;
  /** threshold and reset lines of each event (hybrid models) */
  events: EventLines[];
  /**
   * the values the variables outside the plane are held at: the nullclines belong to the plane's
   * system with these fixed (empty for a two-variable model)
   */
  held: Record<string, number>;
}

/**
 * Nullclines of both plane variables (and the event lines of a hybrid model).
 * @example
 * const nc = nullclines(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 } });
 * nc.nullclines.w // one straight polyline: w = (v + a)/b
 */
export function nullclines(model: Model | CompiledModel, options: NullclineOptions): Nullclines {
  const plane = resolvePlane(model, options);
  return nullclinesOf(plane, options.resolution);
}

/** Nullclines of a resolved plane. */
export function nullclinesOf(plane: Plane, resolution = 201): Nullclines {
  if (!(Number.isInteger(resolution) && resolution >= 3 && resolution <= 4001)) {
    throw new OptionError(`nullcline resolution must be an integer between 3 and 4001, got ${resolution}`);
  }
  const { c, p, x, y, t } = plane;
  const n = c.n;
  const s = Float64Array.from(plane.base);
  const dy = new Float64Array(n);
  const J = new Float64Array(n * n);
  const out: Record<string, Polyline[]> = {};
  for (const axis of [x, y]) {
    const k = axis.index;
    const f = (u: number, v: number): number => {
      s[x.index] = u;
      s[y.index] = v;
      c.rhs(t, s, p, dy);
      return dy[k];
    };
    const grad = (u: number, v: number): [number, number] => {
      s[x.index] = u;
      s[y.index] = v;
      c.jac(t, s, p, J);
      return [J[k * n + x.index], J[k * n + y.index]];
    };
    out[axis.variable] = zeroContour(f, grad, x, y, resolution);
  }
  const events: EventLines[] = c.events.map((e) => {
    const g = (u: number, v: number): number => {
      s[x.index] = u;
      s[y.index] = v;
      return e.g(t, s, p);
    };
    // the threshold function has no symbolic gradient here: central differences
    const grad = (u: number, v: number): [number, number] => {
      const hu = 1e-6 * (x.max - x.min),
        hv = 1e-6 * (y.max - y.min);
      return [(g(u + hu, v) - g(u - hu, v)) / (2 * hu), (g(u, v + hv) - g(u, v - hv)) / (2 * hv)];
    };
    const threshold = zeroContour(g, grad, x, y, resolution);
    const after = new Float64Array(n);
    const reset = threshold
      .map((line) => {
        const rx = new Float64Array(line.x.length),
          ry = new Float64Array(line.x.length);
        for (let i = 0; i < line.x.length; i++) {
          s[x.index] = line.x[i];
          s[y.index] = line.y[i];
          e.reset(t, s, p, after);
          rx[i] = after[x.index];
          ry[i] = after[y.index];
        }
        return { x: rx, y: ry };
      })
      // a reset that leaves both plane variables alone draws nothing new
      .filter((r, i) => r.x.some((v, j) => v !== threshold[i].x[j] || r.y[j] !== threshold[i].y[j]));
    return { event: e.name, threshold, reset };
  });
  return { x, y, nullclines: out, events, held: { ...plane.held } };
}

/**
 * The zero set of f over the box of two axes as polylines (see the module comment).
 * `grad` gives (∂f/∂x, ∂f/∂y) for the Newton refinement.
 */
export function zeroContour(
  f: (x: number, y: number) => number,
  grad: (x: number, y: number) => [number, number],
  xa: { min: number; max: number },
  ya: { min: number; max: number },
  resolution = 201,
): Polyline[] {
  const nx = resolution,
    ny = resolution;
  const hx = (xa.max - xa.min) / (nx - 1),
    hy = (ya.max - ya.min) / (ny - 1);
  const values = new Float64Array(nx * ny);
  const mags = new Float64Array(nx * ny);
  let m = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = f(xa.min + i * hx, ya.min + j * hy);
      // d3-contour draws the boundary of the region f >= 0; where f is not finite counts as outside
      values[j * nx + i] = Number.isFinite(v) ? v : -Infinity;
      if (Number.isFinite(v) && v !== 0) mags[m++] = Math.abs(v);
    }
  }
  if (m === 0) return []; // f vanishes everywhere (or nowhere is finite): no curve to draw
  const sorted = mags.subarray(0, m).sort();
  // a zero is accepted when |f| is below 1e-9 of the function's typical size on the plane
  const ftol = 1e-9 * sorted[Math.floor(m / 2)];
  const polygons = contours().size([nx, ny]).thresholds([0]).smooth(true)(values as unknown as number[]);
  const rings = polygons[0]?.coordinates.flat() ?? [];

  // d3-contour coordinates: grid point i sits at i + 0.5; 0 and n are the padded border
  const toX = (cx: number): number => xa.min + (cx - 0.5) * hx;
  const toY = (cy: number): number => ya.min + (cy - 0.5) * hy;
  const onBorder = ([cx, cy]: number[]): boolean =>
    cx <= 0.5 - 1e-9 || cx >= nx - 0.5 + 1e-9 || cy <= 0.5 - 1e-9 || cy >= ny - 0.5 + 1e-9;

  const result: Polyline[] = [];
  for (const ring of rings) {
    // d3 rings are closed (last = first); drop the repeat
    const pts = ring.slice(0, ring.length - 1);
    if (pts.length < 2) continue;
    // runs of interior points, cut at the padded border
    const border = pts.map(onBorder);
    const runs: number[][][] = [];
    if (!border.some((b) => b)) runs.push([...pts, pts[0]]);
    else {
      const start = border.findIndex((b) => b);
      let run: number[][] = [];
      for (let m = 1; m <= pts.length; m++) {
        const idx = (start + m) % pts.length;
        if (border[idx]) {
          if (run.length) runs.push(run);
          run = [];
        } else run.push(pts[idx]);
      }
      if (run.length) runs.push(run);
    }
    for (const run of runs) {
      const closed = run.length > 2 && run[0] === run[run.length - 1];
      let refined = (closed ? run.slice(0, -1) : run).map((pt) =>
        Number.isFinite(pt[0]) && Number.isFinite(pt[1])
          ? refine(f, grad, toX(pt[0]), toY(pt[1]), xa, ya, hx, hy, ftol)
          : null,
      );
      if (closed) {
        // a closed curve: start at a break if it has one, else close it again after refinement
        const b = refined.findIndex((r) => r === null);
        refined = b < 0 ? [...refined, refined[0]] : [...refined.slice(b), ...refined.slice(0, b)];
      }
      let current: { x: number[]; y: number[] } = { x: [], y: [] };
      const flush = (): void => {
        if (current.x.length >= 2) result.push({ x: Float64Array.from(current.x), y: Float64Array.from(current.y) });
        current = { x: [], y: [] };
      };
      let prev: [number, number] | null = null;
      for (const r of refined) {
        if (!r) {
          flush();
          prev = null;
          continue;
        }
        // consecutive vertices are within a grid cell; a jump means the refinement went to another branch
        if (prev && (Math.abs(r[0] - prev[0]) > 3 * hx || Math.abs(r[1] - prev[1]) > 3 * hy)) flush();
        // the contour passes exactly through grid points twice over: drop the repeat
        else if (prev && Math.abs(r[0] - prev[0]) <= 1e-12 * hx && Math.abs(r[1] - prev[1]) <= 1e-12 * hy) continue;
        current.x.push(r[0]);
        current.y.push(r[1]);
        prev = r;
      }
      flush();
    }
  }
  return result;
}

/**
 * Newton projection of a point onto f = 0 in axis-scaled coordinates (points on the box edge
 * move along the edge). Returns null when no zero is reached within two grid cells.
 */
function refine(
  f: (x: number, y: number) => number,
  grad: (x: number, y: number) => [number, number],
  x0: number,
  y0: number,
  xa: { min: number; max: number },
  ya: { min: number; max: number },
  hx: number,
  hy: number,
  ftol: number,
): [number, number] | null {
  const sx = xa.max - xa.min,
    sy = ya.max - ya.min;
  const edgeX = Math.abs(x0 - xa.min) < 1e-9 * sx || Math.abs(x0 - xa.max) < 1e-9 * sx;
  const edgeY = Math.abs(y0 - ya.min) < 1e-9 * sy || Math.abs(y0 - ya.max) < 1e-9 * sy;
  if (edgeX) x0 = Math.abs(x0 - xa.min) < Math.abs(x0 - xa.max) ? xa.min : xa.max;
  if (edgeY) y0 = Math.abs(y0 - ya.min) < Math.abs(y0 - ya.max) ? ya.min : ya.max;
  let x = x0,
    y = y0;
  let fx = f(x, y);
  // iterate to rounding (Newton converges quadratically), accept if |f| is below ftol
  for (let it = 0; it < 16 && Number.isFinite(fx); it++) {
    if (fx === 0 || (Math.abs(fx) <= 1e-7 * ftol && it > 0)) break;
    let [gx, gy] = grad(x, y);
    // scaled gradient; an edge point only moves along its edge
    gx *= sx;
    gy *= sy;
    if (edgeX) gx = 0;
    if (edgeY) gy = 0;
    const g2 = gx * gx + gy * gy;
    if (!(g2 > 0) || !Number.isFinite(g2)) break;
    const dx = (-fx * gx) / g2,
      dy = (-fx * gy) / g2;
    x += dx * sx;
    y += dy * sy;
    const fNew = f(x, y);
    if (Math.abs(dx) < 1e-15 && Math.abs(dy) < 1e-15) {
      fx = fNew;
      break;
    }
    fx = fNew;
  }
  if (!(Math.abs(fx) <= ftol)) return null;
  if (Math.abs(x - x0) > 2 * hx || Math.abs(y - y0) > 2 * hy) return null;
  return [x, y];
}

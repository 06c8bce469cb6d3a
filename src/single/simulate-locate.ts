/**
 * Event location for simulate(): the root of an event's threshold function between two points of
 * a run, on whatever interpolant the driver supplies (odex's dense output, or the fixed-step
 * method's own partial step).
 */

/** Width, relative to |t| (or absolute below 1), under which a bracket counts as the event time. */
export const ROOT_TOL = 1e-12;

/**
 * Locate the root of g(t, y(t)) in [a, b] on the dense output, where g(a) and g(b) bracket it
 * (Illinois variant of regula falsi: superlinear, never leaves the bracket).
 */
export function locate(
  g: (t: number, y: Float64Array, p: Float64Array) => number,
  p: Float64Array,
  a: number,
  b: number,
  ga: number,
  gb: number,
  interp: (t: number, out: Float64Array) => void,
  tmp: Float64Array,
): number {
  if (gb === 0) return b;
  let side = 0;
  for (let it = 0; it < 200 && Math.abs(b - a) > ROOT_TOL * Math.max(1, Math.abs(b)); it++) {
    let m = (a * gb - b * ga) / (gb - ga);
    if (!(m > Math.min(a, b) && m < Math.max(a, b))) m = 0.5 * (a + b);
    interp(m, tmp);
    const gm = g(m, tmp, p);
    if (gm === 0) return m;
    if (Math.sign(gm) === Math.sign(gb)) {
      b = m;
      gb = gm;
      if (side === 1) ga /= 2;
      side = 1;
    } else {
      a = m;
      ga = gm;
      if (side === -1) gb /= 2;
      side = -1;
    }
  }
  // the event time is the first moment the condition holds: the bracket's upper end
  return b;
}

/** Constants every target shares (so that results do not depend on the target or the threads). */

/**
 * Cells per noise block: each block of a population draws its random inputs from its own stream,
 * and worker threads split populations at block boundaries (small enough that 1000 cells split over
 * two threads).
 */
export const NOISE_BLOCK = 256;

/** A state value beyond ±LIMIT stops a run as diverged (naming the variable, cell, time, value). */
export const DIVERGENCE_LIMIT = 1e12;

/** Decaying synaptic states below this magnitude are stored as 0 (no subnormal arithmetic). */
export const FLUSH_BELOW = 1e-280;

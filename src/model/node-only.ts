/**
 * The error of the browser build for what only node can do (files, PNG rendering, notebook display,
 * worker threads, tfjs-node): the same function exists in both builds, and here it says why it refuses.
 */
import { IsoclineError } from './errors.js';

/** A node-only feature called in the browser build. */
export class NodeOnlyError extends IsoclineError {
  constructor(what: string, instead?: string) {
    const why = 'the browser build has no files, native modules or threads';
    super(`${what} is node-only (${why})${instead ? `; ${instead}` : ''}`);
  }
}

/** Errors of network construction and runs. */
import { IsoclineError } from '../model/errors.js';

/**
 * A network that cannot be built or run: an unknown population, projection or parameter, a bad
 * connectivity rule, a memory estimate above what is available. The message names what is wrong
 * and, for typos, the nearest known name.
 */
export class NetworkError extends IsoclineError {
  constructor(
    message: string,
    readonly details: {
      network?: string;
      population?: string;
      projection?: string;
      field?: string;
      suggestion?: string;
    } = {},
  ) {
    const where = [
      details.network && `network '${details.network}'`,
      details.population && `population '${details.population}'`,
      details.projection && `projection '${details.projection}'`,
      details.field,
    ]
      .filter(Boolean)
      .join(', ');
    super(
      `${where ? where + ': ' : ''}${message}${details.suggestion ? ` (did you mean '${details.suggestion}'?)` : ''}`,
    );
  }
}

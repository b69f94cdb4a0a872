import { PayDeskError } from '../errors.js';

/** Run `fn`, expecting a PayDeskError, and return it so a test can check its code and message. */
export function payDeskErrorOf(fn: () => unknown): PayDeskError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PayDeskError) return e;
    throw e;
  }
  throw new Error('expected a PayDeskError, but nothing was thrown');
}

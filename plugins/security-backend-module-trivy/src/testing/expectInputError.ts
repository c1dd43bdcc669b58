import { InputError } from '@backstage/errors';

/**
 * Asserts `fn` throws an `InputError` (the API's 400) with exactly `message`; jest's own
 * `toThrow(error)` compares messages only, not the class.
 */
export function expectInputError(fn: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  expect((thrown as Error).message).toBe(message);
}

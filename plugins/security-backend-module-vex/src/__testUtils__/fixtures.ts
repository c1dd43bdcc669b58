import { fixturesDir } from '@posture/dev-stand-ins';
import fs from 'fs';
import path from 'path';

/** A document of the repository's fixtures/vex/ (see its PROVENANCE.md), parsed. */
export function readVexFixture(relativePath: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(fixturesDir(), 'vex', relativePath), 'utf8'),
  );
}

/** Asserts `fn` throws an `InputError` (the API's 400) whose message is `message`. */
export function expectInputError(fn: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as Error).name).toBe('InputError');
  expect((thrown as Error).message).toBe(message);
}

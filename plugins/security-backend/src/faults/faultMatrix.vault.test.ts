import { FAULT_KINDS } from './__testUtils__/faultKinds';
import { faultMatrix } from './__testUtils__/faultMatrix';
import { vaultDependency } from './__testUtils__/matrixDependencies';

// The fault matrix's rows for Vault's secret metadata; docs/faults.md lists what each shows.
const matrix = faultMatrix(vaultDependency);

describe('fault matrix: Vault source pass', () => {
  beforeAll(matrix.start, 60_000);
  afterAll(matrix.stop);

  // The row's assertions are in faultMatrix's row, shared by every dependency.
  // eslint-disable-next-line jest/expect-expect
  it.each(FAULT_KINDS)(
    '$title: last good data served and marked stale, other reads 200, next run recovers without duplicates',
    matrix.row,
  );
});

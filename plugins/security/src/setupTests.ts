import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The user-event tests of the tables can pass 5 s on a loaded 2-core CI machine while doing
// nothing wrong. package.json's jest.testTimeout applies only when this package's tests run
// alone: `backstage-cli repo test` runs every package as one multi-project jest, where a
// project's testTimeout is ignored, so it is set here, for this package's test files only.
jest.setTimeout(30_000);

// findBy* and waitFor give up after 1 s by default; a page that renders after several
// mocked API answers can take longer than that on the same loaded machine, and still be right.
configure({ asyncUtilTimeout: 10_000 });

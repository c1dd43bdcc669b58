// Many of these tests start a whole backend against SQLite and PostgreSQL; on a loaded 2-core
// CI machine one can pass 5 s while doing nothing wrong. `backstage-cli repo test` runs every
// package as one multi-project jest, where a project's jest.testTimeout is ignored, so the
// timeout is set here, for this package's test files only.
jest.setTimeout(30_000);

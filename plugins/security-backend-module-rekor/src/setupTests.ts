// Starting a whole backend with its stand-in in a hook (backendWithStandIn.test.ts) can pass
// jest's 5 s default on a loaded 2-core CI machine while doing nothing wrong. Set here because
// `backstage-cli repo test` runs every package as one multi-project jest, where a project's
// own testTimeout is ignored.
jest.setTimeout(30_000);

import fs from 'fs';

// The router is typed and validated from the generated file; a spec edited without
// regenerating would silently serve the old contract.
describe('openapi.generated.ts', () => {
  it('is up to date with openapi.yaml', () => {
    const { render, outPath } = require('../../scripts/generate-openapi.js');
    expect(fs.readFileSync(outPath, 'utf8')).toBe(render());
  });
});

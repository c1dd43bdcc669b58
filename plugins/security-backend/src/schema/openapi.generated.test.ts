import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';

const scripts = path.resolve(__dirname, '../../scripts');

/**
 * Renders the wire types in a separate Node process: openapi-typescript is ESM only, which
 * the test runner's CommonJS modules cannot import.
 */
function renderWireTypes(): { typesOutPath: string; text: string } {
  const generator = pathToFileURL(
    path.join(scripts, 'generate-openapi-types.mjs'),
  ).href;
  const output = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      `const { renderTypes, typesOutPath } = await import(${JSON.stringify(
        generator,
      )});
      process.stdout.write(JSON.stringify({ typesOutPath, text: await renderTypes() }));`,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(output);
}

// The router is typed and validated from the generated file, and the services and the
// frontend client from the generated wire types; a spec edited without regenerating would
// silently serve, and type against, the old contract.
describe('generated OpenAPI code', () => {
  it('openapi.generated.ts is up to date with openapi.yaml', () => {
    const { render, outPath } = require(path.join(
      scripts,
      'generate-openapi.js',
    ));
    expect(fs.readFileSync(outPath, 'utf8')).toBe(render());
  });

  it("security-common's wire types are up to date with openapi.yaml", () => {
    const { typesOutPath, text } = renderWireTypes();
    expect(typesOutPath).toBe(
      path.resolve(
        __dirname,
        '../../../security-common/src/generated/openapi.ts',
      ),
    );
    expect(fs.readFileSync(typesOutPath, 'utf8')).toBe(text);
  }, 60_000);
});

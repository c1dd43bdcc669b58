const postureEslintOptions = require('../../eslint.posture');

module.exports = require('@backstage/cli/config/eslint-factory')(
  __dirname,
  postureEslintOptions({
    rules: {
      // expectInputError (src/__testUtils__/fixtures.ts) and fast-check properties assert too.
      'jest/expect-expect': [
        'warn',
        { assertFunctionNames: ['expect', 'expectInputError', 'fc.assert'] },
      ],
    },
  }),
);

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // expectInputError asserts both the error class and the exact message.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectInputError'] },
    ],
  },
});

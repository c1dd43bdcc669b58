const postureEslintOptions = require('../../eslint.posture');

module.exports = require('@backstage/cli/config/eslint-factory')(
  __dirname,
  postureEslintOptions(),
);

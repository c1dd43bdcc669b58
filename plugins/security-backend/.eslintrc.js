const postureEslintOptions = require('../../eslint.posture');

module.exports = require('@backstage/cli/config/eslint-factory')(
  __dirname,
  postureEslintOptions({
    rules: {
      // The write path is one-way: routes call services, services call the store; the store
      // never calls back up into a service.
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/database',
              from: './src/service',
              message:
                'database/ must not import from service/: pass what it needs in, or move the rule to security-common',
            },
          ],
        },
      ],
    },
  }),
);

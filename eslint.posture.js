/*
 * What every Posture package adds to Backstage's ESLint configuration (each package's
 * .eslintrc.js passes it to the Backstage factory).
 */
module.exports = function postureEslintOptions(extra = {}) {
  return {
    ...extra,
    settings: {
      // Resolve TypeScript sources so the import rules below see every relative import.
      'import/resolver': {
        node: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'] },
      },
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      ...extra.settings,
    },
    rules: {
      // A cycle hides a layering mistake and makes module initialisation order fragile.
      'import/no-cycle': ['error', { ignoreExternal: true }],
      ...extra.rules,
    },
  };
};

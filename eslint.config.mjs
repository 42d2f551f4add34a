// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * A package's own build or source folders (`class-transformer/cjs/storage`, `x/dist/y`) are not
 * its API: they move or vanish in any release. Import what the package exports.
 */
const PRIVATE_PATH = '^(@[^/]+/)?[^./][^/]*/(cjs|esm|dist|build|lib|src|internal)(/|$)';
const PRIVATE_PATH_MESSAGE = "A package's private build path is not its API; import what it exports.";
const privatePaths = { regex: PRIVATE_PATH, message: PRIVATE_PATH_MESSAGE };

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'artifacts/', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: 'error',
      curly: 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [privatePaths] }],
      'no-restricted-syntax': [
        'error',
        ...['CallExpression[callee.name="require"]', 'ImportExpression'].map((call) => ({
          selector: `${call} > Literal[value=/${PRIVATE_PATH.replaceAll('/', '\\/')}/]`,
          message: PRIVATE_PATH_MESSAGE,
        })),
      ],
      // Configuration flows through typed namespaces validated once at boot (src/config).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration via src/config only.' },
      ],
    },
  },
  {
    files: ['src/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts', 'src/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The token library is framework-free: it lifts out into its own package unchanged.
    files: ['src/agora-token/**/*.ts'],
    ignores: ['src/agora-token/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            privatePaths,
            { group: ['@nestjs/*', 'class-validator', 'class-transformer', 'passport*'], message: 'The token library is framework-free.' },
            { group: ['../*'], message: 'The token library must not import from outside its folder.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Vectors and fixtures are untyped JSON.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

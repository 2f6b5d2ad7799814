// ESLint flat config: typescript-eslint's recommended rules plus the layer fence
// from DESIGN.md ("Dependencies point down"). A wrong-way import fails `npm run lint`;
// test/lint/fence.test.ts proves the fence is live.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns for each layer of src/ (relative imports as written in the code). */
const layer = (name) => [`../${name}/*`, `./${name}/*`];

/** Modules that touch the terminal, the file system, processes or the clock. */
const adapterModules = [
  'node:fs',
  'node:fs/*',
  'fs',
  'node:child_process',
  'node:process',
  'node:readline',
  'node:tty',
  'node:os',
  'node:net',
  'chalk',
  'ora',
  '@inquirer/*',
  'pg',
  'pgpass',
  'pgpass/*',
];

/** A fence: the files in `files` may not import the given layers or modules. */
function fence(files, layers, { pure = false } = {}) {
  const patterns = layers.flatMap(layer);
  const group = pure ? [...patterns, ...adapterModules] : patterns;
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group,
              message: 'wrong-way import: see DESIGN.md "Layout" (dependencies point down; the core touches no I/O).',
            },
          ],
        },
      ],
      ...(pure
        ? {
            'no-restricted-globals': [
              'error',
              { name: 'process', message: 'the pure core receives what it needs; it never reads process.' },
            ],
            'no-restricted-properties': [
              'error',
              { object: 'Date', property: 'now', message: 'the pure core receives the clock; see DESIGN.md.' },
            ],
          }
        : {}),
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // sanitising terminal text means matching control characters on purpose
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  // The launcher and its code cache are CommonJS (bin/package.json): Node starts them without the ES module loader.
  {
    files: ['bin/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The layer fence. text/ is the floor: everything may use it, it uses nothing.
  fence(['src/text/**'], ['playbook', 'session', 'render', 'drive', 'store', 'cli'], { pure: true }),
  fence(['src/playbook/**'], ['session', 'render', 'drive', 'store', 'cli'], { pure: true }),
  fence(['src/session/**'], ['render', 'drive', 'store', 'cli'], { pure: true }),
  fence(['src/render/**'], ['drive', 'store', 'cli'], { pure: true }),
  // Lines a reviewer can read side by side; Prettier wraps code at 120 but leaves strings and comments alone.
  {
    files: ['src/**'],
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true }],
    },
  },
  // Errors are worded where they are printed (cli/main.ts), in the run's language: a throw site passes
  // say(key, params) from the message catalogue, never English text. The types refuse a string too; this
  // names the rule. test/lint/errors-said.test.ts proves it is live.
  {
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "NewExpression[callee.name='CrisisError'] > :matches(Literal, TemplateLiteral, BinaryExpression):first-child",
          "NewExpression[callee.name='CrisisError'] > ObjectExpression > Property[key.name='hint'] > :matches(Literal, TemplateLiteral, BinaryExpression)",
          'CallExpression[callee.name=/^(usageError|envError|refuse)$/] > :matches(Literal, TemplateLiteral, BinaryExpression):first-child',
          'CallExpression[callee.name=/^(usageError|envError|refuse)$/] > :matches(Literal, TemplateLiteral, BinaryExpression):nth-child(2)',
        ].map((selector) => ({
          selector,
          message: 'an error is a catalogued sentence: pass say(key, params) (src/text/catalogue/errors.ts), not text',
        })),
        // A problem in a file (lint, compose, schema, answers) and a hash-chain break are worded where printed too.
        ...[
          'CallExpression[callee.name=/^(problemAt)$/] > :matches(Literal, TemplateLiteral, BinaryExpression):nth-child(4)',
          'CallExpression[callee.name=/^(fileProblem)$/] > :matches(Literal, TemplateLiteral, BinaryExpression):nth-child(3)',
          'CallExpression[callee.name=/^(problem|chainBreak)$/] > :matches(Literal, TemplateLiteral, BinaryExpression):nth-child(2)',
          "ObjectExpression:has(> Property[key.name='severity']) > Property[key.name='message'] > :matches(Literal, TemplateLiteral, BinaryExpression)",
          "ObjectExpression:has(> Property[key.name='line']) > Property[key.name='message'] > :matches(Literal, TemplateLiteral, BinaryExpression)",
        ].map((selector) => ({
          selector,
          message:
            'a problem or a chain break is a catalogued sentence: pass say(key, params)' +
            ' (src/text/catalogue/problems.ts), not text',
        })),
      ],
    },
  },
  // The pure core stays in small functions: one idea each, readable without scrolling.
  {
    files: ['src/playbook/**', 'src/session/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  // Drivers reach storage only through session/event-store.ts's interface.
  fence(['src/drive/**'], ['store', 'cli']),
  fence(['src/store/**'], ['drive', 'cli', 'render']),
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);

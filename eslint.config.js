// One lint config for every area; the boundary rules (STYLE.md, "Module boundaries") say what to use instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PLATFORM_GLOBALS = [
  {
    name: 'tizen',
    message: 'Platform globals live only in platform-adapters/<platform>/. Use the PlatformAdapter.',
  },
  {
    name: 'webapis',
    message: 'Platform globals live only in platform-adapters/<platform>/. Use the PlatformAdapter.',
  },
  {
    name: 'webOS',
    message: 'Platform globals live only in platform-adapters/<platform>/. Use the PlatformAdapter.',
  },
  {
    name: 'webOSDev',
    message: 'Platform globals live only in platform-adapters/<platform>/. Use the PlatformAdapter.',
  },
  {
    name: 'PalmSystem',
    message: 'Platform globals live only in platform-adapters/<platform>/. Use the PlatformAdapter.',
  },
];

const SERVER_NEVER_IMPORTS_CLIENT_CODE = {
  group: ['**/app/**', '**/web/**', '**/media/**'],
  message: 'server/ never imports client code.',
};
const SERVER_NEVER_IMPORTS_CARRIERS = {
  group: ['**/carriers/**'],
  message:
    "server/ never imports carriers/: our backend reaches a carrier over its HTTP interface (the clients in server/); the whole product is composed in scripts/product.ts, a test's in tests/helpers/backend.",
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'node_modules/',
      'data/',
      'public/mockServiceWorker.js',
      '.cache/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Lightning's component API is untyped in places (tag(), patch()); the casts are at those seams.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests (.only).' },
      ],
    },
  },
  {
    files: ['*.js', '*.mjs', 'scripts/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // Code that runs on the TVs' engines: WPE 2.38 (RDK) has no regex lookbehind, and a module using one fails to
    // load there as a whole (the enrollment screen did, once). The focused-test rule is repeated: this replaces it.
    files: [
      'app/**/*.ts',
      'client/**/*.ts',
      'media/**/*.ts',
      'platform-adapters/**/*.ts',
      'protocol/**/*.ts',
      'web/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests (.only).' },
        {
          selector: 'Literal[regex.pattern=/\\(\\?<[=!]/]',
          message:
            'No regex lookbehind: WPE 2.38 on RDK boxes cannot parse it (the whole module fails to load).',
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'media/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**'],
              message: 'app/ never imports server/; share types through protocol/.',
            },
            {
              group: ['**/platform-adapters/*/**', '!**/platform-adapters/contract/**'],
              message:
                'Import the contract only; app/main.ts receives the concrete adapter from select-adapter.ts.',
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    // The composition root is the one place allowed what the rest of app/ is not.
    files: ['app/main.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The client core runs on the TVs too: the same bans on platform globals and console as in app/.
    files: ['client/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS],
      'no-console': 'error',
    },
  },
  {
    // The logger is the one place of app/ and client/ that writes to the console.
    files: ['client/log.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The TV app and the phone page both build on the client core, so it depends on neither of them (nor on the
    // backend, the media layer or a platform); protocol/ is all it imports of ours. Its tests too.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**'],
              message: 'client/ never imports app/: the TV app builds on client/, not the other way round.',
            },
            {
              group: ['**/web/**'],
              message:
                'client/ never imports web/: the phone page builds on client/, not the other way round.',
            },
            {
              group: ['**/server/**'],
              message: 'client/ never imports server/; share types through protocol/.',
            },
            {
              group: ['**/media/**', '**/platform-adapters/**'],
              message:
                'client/ is platform-free: the TV passes in what plays audio (ListenPlayback) and its credentials.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web pages (phone, account, emulator) never reach into the TV app: what the phone page shares with the TV
    // is the client core.
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**'],
              message: 'web/ never imports app/ (the TV app); what the pages share with it is in client/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', '!./*'], message: 'protocol/ imports nothing of ours.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [SERVER_NEVER_IMPORTS_CLIENT_CODE, SERVER_NEVER_IMPORTS_CARRIERS] },
      ],
      // The focused-test rule is repeated: this replaces it. A double cast hides a type the query layer should state.
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests (.only).' },
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'No `as unknown as` in server/: type the value where it comes from (tables.ts, a schema).',
        },
      ],
    },
  },
  {
    // Tests compose like the product does: a test of our carrier clients may start the carrier it talks to.
    files: ['server/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVER_NEVER_IMPORTS_CLIENT_CODE] }] },
  },
  {
    files: ['carriers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/app/**', '**/web/**', '**/media/**', '**/mocks/**', '**/tests/**'],
              message:
                "carriers/ are the carriers' systems: they import protocol/, voicemail-audio/ and carriers/kit/, never our code.",
            },
          ],
        },
      ],
    },
  },
);

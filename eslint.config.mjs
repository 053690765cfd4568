// ESLint 9 flat config: typescript-eslint's recommended rules (not type-checked) on every file, and
// the layer rule (eslint-plugin-boundaries) on src/. Line length is Prettier's business, not ESLint's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The Bot Framework and Teams AI packages: imported only where the framework is adapted.
const FRAMEWORK_PACKAGES = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai'];
// The adapter files (docs/adr/0001): the only ones a move to Teams SDK v2 rewrites.
const FRAMEWORK_HOME = ['src/teams/framework/**'];
const COSMOS_PACKAGES = ['@azure/cosmos', '@vercel/cosmosdb-server'];

// The layers. Dependencies point one way: domain <- app <- (store, teams, mail, web) <- http <- main.
// The folders are elements; the files at the top of src/ are classified by file category:
// main.ts (the composition root), config.ts, and "shared" (logger.ts, project-root.ts, which
// import nothing of the project and may be used by every layer but the domain).
const FOLDER_LAYERS = ['domain', 'app', 'store', 'teams', 'mail', 'web', 'documents', 'http'];
const ELEMENTS = FOLDER_LAYERS.map((type) => ({ type, pattern: `src/${type}`, partialMatch: false }));
const FILES = [
  { category: 'main', pattern: 'src/main.ts' },
  { category: 'config', pattern: 'src/config.ts' },
  { category: 'shared', pattern: ['src/logger.ts', 'src/project-root.ts'] },
];
const layer = (name) => (FOLDER_LAYERS.includes(name) ? { element: { type: name } } : { file: { categories: name } });

// Which layers each layer may import. Anything not listed here is an error.
const MAY_IMPORT = {
  domain: ['domain'],
  app: ['domain', 'app', 'shared'],
  store: ['domain', 'app', 'store', 'shared'],
  teams: ['domain', 'app', 'teams', 'shared'],
  // E-mail transports (SMTP, Graph, .eml files) and the web pages behind the e-mail's links.
  mail: ['domain', 'app', 'mail', 'shared'],
  web: ['domain', 'app', 'web', 'shared'],
  // Documents of record rendered to PDF, DOCX and XLSX (and workbooks read back for imports).
  documents: ['domain', 'app', 'documents', 'shared'],
  http: ['domain', 'app', 'teams', 'web', 'http', 'shared', 'config'],
  main: ['domain', 'app', 'store', 'teams', 'mail', 'web', 'documents', 'http', 'shared', 'config'],
  config: ['domain', 'shared'],
  shared: ['shared'],
};

const ANY_SRC_FILE = { file: { path: 'src/**' } };
// Packages that one place only may import: disallowed everywhere, then allowed there
// (the last policy that matches a dependency decides).
const onlyIn = (packages, allowedFrom, message) => [
  { from: ANY_SRC_FILE, disallow: { to: { module: { source: packages } } }, message },
  { from: allowedFrom, allow: { to: { module: { source: packages } } } },
];

export default defineConfig(
  { ignores: ['dist/', 'build/', 'coverage/', '.data/', 'data/', 'manifest/', 'bench/out/', 'test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments and bindings are fine when their name starts with _ (fixed signatures).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  // The layer rule, on src/ only: test/, bench/, scripts/ and test-browser/ may import anything.
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/files': FILES,
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
    },
    rules: {
      // A new file of src/ must belong to a layer.
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // Packages and Node's modules are checked too, and so are imports of files outside every layer.
          checkAllOrigins: true,
          checkUnknownLocals: true,
          policies: [
            ...Object.entries(MAY_IMPORT).map(([from, to]) => ({
              from: layer(from),
              allow: { to: to.map(layer) },
            })),
            { from: ANY_SRC_FILE, allow: { to: { module: { origin: ['external', 'core'] } } } },
            ...onlyIn(COSMOS_PACKAGES, layer('store'), 'Cosmos DB is used only by src/store.'),
            ...onlyIn(['restify'], layer('http'), 'restify is used only by src/http.'),
            ...onlyIn(['nodemailer', 'nodemailer/**'], layer('mail'), 'nodemailer is used only by src/mail.'),
            ...onlyIn(
              ['pdfkit', 'docx', 'exceljs', '@resvg/resvg-js', 'dejavu-fonts-ttf', 'dejavu-fonts-ttf/**'],
              layer('documents'),
              'The document libraries (pdfkit, docx, exceljs, resvg) are used only by src/documents.',
            ),
            ...onlyIn(
              FRAMEWORK_PACKAGES,
              { file: { path: FRAMEWORK_HOME } },
              'The Bot Framework and Teams AI are used only by src/teams/framework/ (docs/adr/0001).',
            ),
          ],
        },
      ],
    },
  },
);

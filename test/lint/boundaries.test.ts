/**
 * The layer rule of eslint.config.mjs, shown on code that is linted but never written to disk:
 * each file path puts the code in a layer, and the rule must report the imports that go the wrong way.
 *
 * ESLint loads its config with import(), which jest's module sandbox refuses without
 * --experimental-vm-modules; so the ESLint Node API runs in one child node process for all the cases.
 */
import { execFileSync } from 'child_process';
import path from 'path';

const root = path.resolve(__dirname, '../..');

const LINT_IN_NODE = `
  import { ESLint } from 'eslint';
  const cases = JSON.parse(process.argv[1]);
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { filePath, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages);
  }
  process.stdout.write(JSON.stringify(out));
`;

type Message = { ruleId: string | null; severity: number; message: string; fatal?: boolean };
const cases: Array<{ filePath: string; code: string }> = [];
let results: Message[][] | undefined;

/** Registers a file to lint; its layer-rule errors are known once the child process has run. */
function lintCase(filePath: string, code: string): () => string[] {
  const index = cases.push({ filePath: path.join(root, filePath), code }) - 1;
  return () => {
    if (!results) throw new Error('ESLint has not run');
    expect(results[index].filter((m) => m.fatal)).toEqual([]); // the code parsed
    const messages = results[index].filter((m) => m.ruleId?.startsWith('boundaries/'));
    for (const m of messages) expect(m.severity).toBe(2);
    return messages.map((m) => m.message);
  };
}

const domainImportsStore = lintCase(
  'src/domain/x.ts',
  "import { openStore } from '../store/open-store';\nexport const a = openStore;\n",
);
const teamsImportsStore = lintCase(
  'src/teams/x/y.ts',
  "import { openStore } from '../../store/open-store';\nexport const a = openStore;\n",
);
const appImportsTeams = lintCase(
  'src/app/x.ts',
  "import { createBot } from '../teams/framework/bot';\nexport const a = createBot;\n",
);
const domainImportsBotbuilder = lintCase(
  'src/domain/x.ts',
  "import { TurnContext } from 'botbuilder';\nexport type A = TurnContext;\n",
);
const featureImportsCosmos = lintCase(
  'src/teams/meetings/x.ts',
  "import { CosmosClient } from '@azure/cosmos';\nexport const a = CosmosClient;\n",
);
const featureImportsBotbuilderTypes = lintCase(
  'src/teams/meetings/x.ts',
  "import type { TurnContext } from 'botbuilder';\nexport type A = TurnContext;\n",
);
const appImportsDomain = lintCase(
  'src/app/x.ts',
  "import { DomainError } from '../domain/errors';\nexport const a = DomainError;\n",
);
const frameworkImportsBotbuilder = lintCase(
  'src/teams/framework/x.ts',
  "import { TurnContext } from 'botbuilder';\nexport type A = TurnContext;\n",
);
const webImportsStore = lintCase(
  'src/web/x.ts',
  "import { openStore } from '../store/open-store';\nexport const a = openStore;\n",
);
const appImportsNodemailer = lintCase(
  'src/app/x.ts',
  "import MailComposer from 'nodemailer/lib/mail-composer';\nexport const a = MailComposer;\n",
);
const mailImportsNodemailer = lintCase(
  'src/mail/x.ts',
  "import nodemailer from 'nodemailer';\nexport const a = nodemailer;\n",
);
const teamsImportsPdfkit = lintCase(
  'src/teams/x/y.ts',
  "import PDFDocument from 'pdfkit';\nexport const a = PDFDocument;\n",
);
const documentsImportsPdfkit = lintCase(
  'src/documents/x.ts',
  "import PDFDocument from 'pdfkit';\nimport ExcelJS from 'exceljs';\nexport const a = [PDFDocument, ExcelJS];\n",
);
const documentsImportsTeams = lintCase(
  'src/documents/x.ts',
  "import { documentButtons } from '../teams/documents';\nexport const a = documentButtons;\n",
);

beforeAll(() => {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_IN_NODE, JSON.stringify(cases)], {
    cwd: root,
    encoding: 'utf8',
  });
  results = JSON.parse(stdout);
});

describe('the layer rule', () => {
  it('reports the domain importing the store', () => {
    expect(domainImportsStore()).toEqual([
      expect.stringContaining('from elements of type "domain" to elements of type "store"'),
    ]);
  });

  it('reports a teams feature importing the store', () => {
    expect(teamsImportsStore()).toEqual([
      expect.stringContaining('from elements of type "teams" to elements of type "store"'),
    ]);
  });

  it('reports the application layer importing teams', () => {
    expect(appImportsTeams()).toEqual([
      expect.stringContaining('from elements of type "app" to elements of type "teams"'),
    ]);
  });

  it('reports the domain importing the Bot Framework', () => {
    expect(domainImportsBotbuilder()).toEqual([
      expect.stringContaining('The Bot Framework and Teams AI are used only by src/teams/framework'),
    ]);
  });

  it('reports a teams feature importing Cosmos DB', () => {
    expect(featureImportsCosmos()).toEqual(['Cosmos DB is used only by src/store.']);
  });

  it('reports a teams feature importing the Bot Framework, even for types only', () => {
    expect(featureImportsBotbuilderTypes()).toEqual([
      expect.stringContaining('The Bot Framework and Teams AI are used only by src/teams/framework'),
    ]);
  });

  it('lets the application layer import the domain', () => {
    expect(appImportsDomain()).toEqual([]);
  });

  it('lets src/teams/framework import the Bot Framework', () => {
    expect(frameworkImportsBotbuilder()).toEqual([]);
  });

  it('reports the web pages importing the store', () => {
    expect(webImportsStore()).toEqual([
      expect.stringContaining('from elements of type "web" to elements of type "store"'),
    ]);
  });

  it('reports nodemailer outside src/mail, and lets src/mail import it', () => {
    expect(appImportsNodemailer()).toEqual(['nodemailer is used only by src/mail.']);
    expect(mailImportsNodemailer()).toEqual([]);
  });

  it('keeps pdfkit, docx and exceljs in src/documents, which imports no adapter', () => {
    expect(teamsImportsPdfkit()).toEqual([
      'The document libraries (pdfkit, docx, exceljs, resvg) are used only by src/documents.',
    ]);
    expect(documentsImportsPdfkit()).toEqual([]);
    expect(documentsImportsTeams()).toHaveLength(1);
  });
});

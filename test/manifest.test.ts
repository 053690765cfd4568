import Ajv from 'ajv-draft-04';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { appPackageFiles, zip } from '../scripts/build-app-package';
import { decodePng } from '../scripts/png';
import { COMMAND_HELP } from '../src/teams/governance/help';
import { buildRouters } from '../src/teams/routes';
import { understand } from '../src/domain/language/understand';

const NO_CONTEXT = { now: new Date('2026-12-02T10:00:00Z'), timeZone: 'Europe/Paris', instances: [], contracts: [] };

const dir = path.join(__dirname, '..', 'manifest');
const json = (f: string) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
const manifest = json('manifest.json');

/** Microsoft's schemas as the pinned devDependency @microsoft/app-manifest ships them: offline. */
const VERSION = '1.30';
const schemaDir = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
  `v${VERSION}`,
);

function validator(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', true).addFormat('regex', true).addFormat('uuid', true);
  return ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, schemaFile), 'utf8')));
}

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
const commandLists: CommandList[] = manifest.bots[0].commandLists;

describe('Teams app manifest', () => {
  it(`is valid against Microsoft's v${VERSION} schema from @microsoft/app-manifest, and says so`, () => {
    const validate = validator('MicrosoftTeams.schema.json');
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(manifest.manifestVersion).toBe(VERSION);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${VERSION}/MicrosoftTeams.schema.json`,
    );
  });

  it('refuses, with the same schema, a manifest it should refuse', () => {
    const validate = validator('MicrosoftTeams.schema.json');
    const broken = structuredClone(manifest);
    broken.bots[0].commandLists[0].commands[0].usage = 'aide';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/bots/0/commandLists/0/commands/0');
  });

  it('is in French by default, with an English localisation valid against its schema', () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'fr-fr',
      additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }],
    });
    const validate = validator('MicrosoftTeams.Localization.schema.json');
    const english = json('en-us.json');
    const ok = validate(english);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(english.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${VERSION}/MicrosoftTeams.Localization.schema.json`,
    );
  });

  it('translates every command description into English, and no command title (the bot reads French)', () => {
    const english = json('en-us.json');
    const expected = commandLists.flatMap((list, i) =>
      list.commands.map((_, j) => `bots[0].commandLists[${i}].commands[${j}].description`),
    );
    const keys = Object.keys(english).filter((k) => k.startsWith('bots['));
    expect(keys.sort()).toEqual(expected.sort());
    for (const key of keys) expect(english[key]).toMatch(/^[A-Z]/);
  });

  it('lists, per scope (personal, team, groupChat), at most 10 commands the bot understands, in French', () => {
    expect(commandLists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const { commands } = buildRouters();
    // « aide » is the help itself; every other listed command is in it.
    const helped = ['aide', ...COMMAND_HELP.map((c) => c.command)];
    for (const list of commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size).toBe(titles.length);
      for (const { title, description } of list.commands) {
        expect(commands.handlerOf(understand(title, NO_CONTEXT).intent!)).toBeDefined();
        expect(helped).toContain(title);
        expect(description).toMatch(/^[A-ZÀ-Ý].{9,}/);
        expect(description!.length).toBeLessThanOrEqual(128);
      }
      expect(titles[0]).toBe('aide');
    }
    const titles = (scope: string) => commandLists.find((l) => l.scopes[0] === scope)!.commands.map((c) => c.title);
    // What is done for oneself stays in the personal chat; what an instance does, in its channel.
    expect(titles('personal')).toEqual(
      expect.arrayContaining([
        'mes convocations',
        'mes séances',
        'mes scrutins',
        'mes campagnes',
        'mes litiges',
        'besoins',
        'litige',
        'données',
      ]),
    );
    for (const scope of ['team', 'groupChat']) {
      expect(titles(scope)).toEqual(expect.arrayContaining(['convoquer', 'scrutin', 'lier', 'membres']));
      expect(titles(scope)).not.toContain('données');
    }
    expect(titles('personal')).not.toContain('lier');
  });

  it('offers the bot in personal chats, teams and group chats', () => {
    expect(json('manifest.json').bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = decodePng(readFileSync(path.join(dir, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(readFileSync(path.join(dir, 'outline.png')));
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    let opaque = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.pixel(x, y);
        if (a > 0) {
          opaque++;
          expect([r, g, b]).toEqual([255, 255, 255]);
        }
      }
    }
    expect(outline.pixel(0, 0)[3]).toBe(0);
    expect(opaque).toBeGreaterThan(50);
  });

  it('packages the manifest with the real app id in a zip that unzip can read', () => {
    const appId = '12345678-1234-1234-1234-123456789abc';
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'pkg-')), 'app.zip');
    writeFileSync(out, zip(appPackageFiles(appId)));
    const listing = execFileSync('python3', [
      '-c',
      'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.testzip());print(z.read("manifest.json").decode())',
      out,
    ]).toString();
    expect(listing.startsWith('None')).toBe(true);
    expect(listing).toContain(`"botId": "${appId}"`);
    expect(listing).not.toContain('00000000-0000-0000-0000-000000000000');
  });
});

import Ajv from 'ajv-draft-04';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { appPackageFiles, zip } from '../scripts/build-app-package';
import { decodePng } from '../scripts/png';

const dir = path.join(__dirname, '..', 'manifest');
const json = (f: string) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));

function validator(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', true).addFormat('regex', true).addFormat('uuid', true);
  return ajv.compile(json(`schema/${schemaFile}`));
}

describe('Teams app manifest', () => {
  it('is valid against the official v1.17 schema kept in the repo', () => {
    const validate = validator('MicrosoftTeams.v1.17.schema.json');
    const ok = validate(json('manifest.json'));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has an English localisation valid against its schema, the default language being French', () => {
    const validate = validator('MicrosoftTeams.Localization.v1.17.schema.json');
    expect(validate(json('en-us.json'))).toBe(true);
    expect(json('manifest.json').localizationInfo.defaultLanguageTag).toBe('fr-fr');
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

import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { crc32 } from './png';

/**
 * Builds the Teams app package (manifest, localisation, icons) as build/appPackage.zip, with
 * the bot's app id put in place: `MICROSOFT_APP_ID=<guid> npm run package`.
 */
const ROOT = path.join(__dirname, '..');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

export function appPackageFiles(appId: string): Array<{ name: string; data: Buffer }> {
  const read = (f: string) => readFileSync(path.join(ROOT, 'manifest', f));
  const manifest = read('manifest.json').toString('utf8').replaceAll(PLACEHOLDER, appId);
  return [
    { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
    { name: 'en-us.json', data: read('en-us.json') },
    { name: 'color.png', data: read('color.png') },
    { name: 'outline.png', data: read('outline.png') },
  ];
}

/** A zip archive with stored (uncompressed) entries: all Teams needs for four small files. */
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

if (require.main === module) {
  const appId = process.env.MICROSOFT_APP_ID;
  if (!appId || !/^[0-9a-f-]{36}$/i.test(appId)) {
    process.stderr.write('Set MICROSOFT_APP_ID to the bot’s Microsoft App ID (a GUID).\n');
    process.exit(2);
  }
  mkdirSync(path.join(ROOT, 'build'), { recursive: true });
  const out = path.join(ROOT, 'build', 'appPackage.zip');
  writeFileSync(out, zip(appPackageFiles(appId)));
  process.stdout.write(`${out}\n`);
}

import { writeFileSync } from 'fs';
import path from 'path';
import { Pixel, encodePng } from './png';

/**
 * Draws the app icons: three columns of a bar chart rising (pooled purchases) on the accent
 * colour for the 192×192 colour icon, and in white on transparency for the 32×32 outline.
 * Run once with `npx ts-node scripts/make-icons.ts`; the PNGs are committed.
 */
const ACCENT: Pixel = [0x1f, 0x5c, 0x99, 255];
const WHITE: Pixel = [255, 255, 255, 255];
const CLEAR: Pixel = [0, 0, 0, 0];

function bars(size: number, x: number, y: number): boolean {
  const unit = size / 8;
  const heights = [3, 4.5, 6];
  for (let i = 0; i < 3; i++) {
    const left = unit * (1 + i * 2.1);
    const right = left + unit * 1.5;
    const top = size - unit * (1 + heights[i]!);
    if (x >= left && x < right && y >= top && y < size - unit) return true;
  }
  return false;
}

const dir = path.join(__dirname, '..', 'manifest');
writeFileSync(
  path.join(dir, 'color.png'),
  encodePng(192, 192, (x, y) => (bars(192, x, y) ? WHITE : ACCENT)),
);
writeFileSync(
  path.join(dir, 'outline.png'),
  encodePng(32, 32, (x, y) => (bars(32, x, y) ? WHITE : CLEAR)),
);

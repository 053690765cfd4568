import path from 'path';

/**
 * DejaVu Sans, from the npm package `dejavu-fonts-ttf` (free licence, see its LICENSE): every
 * French character (« » œ Œ É À Ç ·, the narrow no-break space) and the euro sign. The PDF embeds
 * the glyphs it uses, so a reader needs no font of its own.
 */
const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES = {
  regular: path.join(dir, 'DejaVuSans.ttf'),
  bold: path.join(dir, 'DejaVuSans-Bold.ttf'),
  italic: path.join(dir, 'DejaVuSans-Oblique.ttf'),
};

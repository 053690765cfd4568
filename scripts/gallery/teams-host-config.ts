/**
 * Host configs close to Microsoft Teams' light and dark themes (font, spacing, colours of the
 * Fluent palette Teams uses), so that the gallery shows cards as Teams users see them.
 */
const colours = (
  foreground: string,
  subtle: string,
  accent: string,
  good: string,
  warning: string,
  attention: string,
) => ({
  default: { default: foreground, subtle },
  dark: { default: '#252424', subtle: '#484644' },
  light: { default: '#FFFFFF', subtle: '#E1DFDD' },
  accent: { default: accent, subtle: accent },
  good: { default: good, subtle: good },
  warning: { default: warning, subtle: warning },
  attention: { default: attention, subtle: attention },
});

const base = {
  fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", sans-serif',
  supportsInteractivity: true,
  spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'stretch',
  },
  adaptiveCard: { allowCustomStyle: true },
  imageSizes: { small: 32, medium: 52, large: 100 },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 12 },
};

export const TEAMS_LIGHT = {
  ...base,
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: colours('#242424', '#616161', '#5B5FC7', '#237B4B', '#835C00', '#C4314B'),
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: colours('#242424', '#616161', '#5B5FC7', '#237B4B', '#835C00', '#C4314B'),
    },
    accent: {
      backgroundColor: '#C5CBFA',
      foregroundColors: colours('#242424', '#616161', '#5B5FC7', '#237B4B', '#835C00', '#C4314B'),
    },
  },
};

export const TEAMS_DARK = {
  ...base,
  separator: { lineThickness: 1, lineColor: '#3D3D3D' },
  containerStyles: {
    default: {
      backgroundColor: '#292929',
      foregroundColors: colours('#FFFFFF', '#ADADAD', '#7F85F5', '#92C353', '#F8D22A', '#F1707B'),
    },
    emphasis: {
      backgroundColor: '#1F1F1F',
      foregroundColors: colours('#FFFFFF', '#ADADAD', '#7F85F5', '#92C353', '#F8D22A', '#F1707B'),
    },
    accent: {
      backgroundColor: '#444791',
      foregroundColors: colours('#FFFFFF', '#ADADAD', '#7F85F5', '#92C353', '#F8D22A', '#F1707B'),
    },
  },
};

/**
 * On a phone, Teams stacks a card's buttons one under the other, each the card's full width,
 * instead of one row; the phone configs do the same, so the 320 px gallery shows what a phone shows.
 */
const stacked = { actions: { ...base.actions, actionsOrientation: 'vertical' } };
export const TEAMS_PHONE_LIGHT = { ...TEAMS_LIGHT, ...stacked };
export const TEAMS_PHONE_DARK = { ...TEAMS_DARK, ...stacked };

import { CardJson, renderCard } from './card-renderer';

/** One line of a « mes … » list: what it is, when, where it stands, and the button to its card. */
export interface MineRow {
  title: string;
  subtitle: string;
  /** What ties this person to it, in short sentences; the empty ones are left out. */
  detail?: string[];
  button: string;
  verb: string;
  data: Record<string, string>;
}

const MAX_ROWS = 20;

/** « Mes séances », « mes scrutins », « mes campagnes », « mes litiges »: a way back to each card. */
export function mineList(title: string, empty: string, rows: MineRow[]): CardJson {
  return renderCard('mine.list', {
    title,
    empty,
    rows: rows.slice(0, MAX_ROWS).map((r) => ({ ...r, detail: (r.detail ?? []).filter(Boolean).join(' ') })),
    more:
      rows.length > MAX_ROWS
        ? `Et ${rows.length - MAX_ROWS} de plus, non affichés : les ${MAX_ROWS} premiers seulement.`
        : '',
  });
}

import { ConsumptionReport } from '../../domain/bilan/consumption';

/** The suppliers' consumption reports, per centrale. */
export interface ConsumptionRepository {
  /** Keeps each report, replacing the one already kept for the same contract and period. */
  saveReports(reports: ConsumptionReport[]): Promise<void>;
  /** The reports of a centrale, of one contract, and/or sharing days with [from, to] (local days). */
  listReports(
    centraleId: string,
    filter?: { contractId?: string; from?: string; to?: string },
  ): Promise<ConsumptionReport[]>;
}

/**
 * A bar chart as the bilan draws it (savings per contract, consumption against forecast): the
 * figures and their French texts; the picture is made by the documents layer (`ChartRenderer`).
 */
export interface BarChart {
  title: string;
  /** One bar per line, top to bottom. */
  bars: Array<{
    label: string;
    /** The bar's length, in any unit common to the chart (cents, a ratio…); ≥ 0. */
    value: number;
    /** What is written at the bar: « 4 500,00 € », « 95 % ». */
    valueText: string;
    /** A target to draw as a mark (the forecast, 100 %), in the same unit; null: none. */
    target?: number | null;
    /** Drawn in the muted colour: « non calculable », no report. */
    muted?: boolean;
  }>;
  /** Under the chart: what the mark means (« trait : prévision »), the window. */
  caption: string;
  /** The whole chart in words, for screen readers and the card's altText. */
  altText: string;
}

/** Draws charts as images (PNG): src/documents. */
export interface ChartRenderer {
  png(chart: BarChart): Promise<Buffer>;
}

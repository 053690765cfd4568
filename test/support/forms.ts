/** A day from today, as a date field holds it (YYYY-MM-DD). */
export const dayFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** What the convocation form sends for the COPIL RReT in ten days, with `over` changed. */
export const convocationForm = (over: Record<string, string> = {}) => ({
  instanceId: 'copil-reseau',
  date: dayFromNow(10),
  time: '09:30',
  mode: 'presentiel',
  place: 'Hôtel de la Métropole, salle du conseil',
  agenda: 'Programmation 2027 ; Direction Achats\nBilan des marchés ; Coordinatrice RReT',
  proxiesAllowed: 'true',
  remoteAllowed: 'true',
  ...over,
});

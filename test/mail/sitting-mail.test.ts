import { meetingMailPresenter } from '../../src/mail/meetings/sitting-mail';
import { rulesFromPreset } from '../../src/domain/rules';
import { SittingDraft, newSitting, reviseSitting, validateSitting } from '../../src/domain/meetings/sitting';

/** h51: the modification e-mail says what changed, dates the document added, and names the PDF attached. */
const cgct = rulesFromPreset('cgct-3500-et-plus');
const draft = (links: string[]): SittingDraft => ({
  date: '2026-12-10',
  time: '09:30',
  timeZone: 'Europe/Paris',
  mode: 'presentiel',
  place: 'Salle du conseil',
  onlineLink: '',
  agenda: [{ title: 'Bilan des marchés', rapporteur: 'Coordinatrice RReT', links }],
  note: '',
  remoteAllowed: false,
  proxiesAllowed: true,
  urgency: false,
  urgencyReason: '',
});

it('tells the members which document was added, and when', () => {
  const v = validateSitting(draft([]), cgct, new Date('2026-12-01T09:00:00Z'));
  if (!v.ok) throw new Error('draft should be valid');
  const s = newSitting(
    { id: 's1', centraleId: 'c', instanceId: 'i', instanceName: 'COPIL', memberKeys: ['a'], organiserKey: 'a' },
    v.sitting,
    cgct,
    new Date('2026-12-01T09:00:00Z'),
  );
  const r = reviseSitting(
    s,
    draft(['https://intranet.example/bilan.pdf']),
    cgct,
    'a',
    new Date('2026-12-03T09:12:00Z'),
  );
  if (!r.ok) throw new Error('change refused');
  const mail = meetingMailPresenter.sittingMail('revision', r.sitting, [], {
    centraleName: 'Centrale',
    requiredDays: 5,
    noticeSource: 'CGCT L2121-12',
    attachedFile: 'convocation-copil-2026-12-10-v2.pdf',
  });
  expect(mail.text).toContain('Ce qui change : document ajouté : bilan.pdf (point 1)');
  expect(mail.text).toContain('Document : https://intranet.example/bilan.pdf (ajouté le 3 décembre 2026 à 10 h 12)');
  expect(mail.text).toContain(
    'La convocation de référence est jointe au format PDF (convocation-copil-2026-12-10-v2.pdf).',
  );
  expect(mail.html).toContain('(ajouté le 3 décembre 2026 à 10 h 12)');
});

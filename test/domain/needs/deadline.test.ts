import { Campaign } from '../../../src/domain/needs/need';
import {
  assertAcceptsAnswers,
  closeIfDue,
  closingInstant,
  extendCampaign,
  isLate,
} from '../../../src/domain/needs/deadline';

const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'campagne-1',
  centraleId: 'c',
  title: 'Besoins 2028',
  segments: ['Papier'],
  targetMemberIds: ['bron'],
  deadline: '2027-01-15',
  timeZone: 'Europe/Paris',
  extensions: [],
  closedAt: null,
  instructions: '',
  channelInstanceId: null,
  openedBy: 'sophie',
  status: 'ouverte',
  serviceUrl: null,
  createdAt: '2027-01-01T00:00:00Z',
  ...over,
});

describe('a needs campaign closes at its deadline', () => {
  it('at midnight ending the deadline day in the centrale’s zone (winter, summer, another zone)', () => {
    expect(closingInstant(campaign()).toISOString()).toBe('2027-01-15T23:00:00.000Z');
    expect(closingInstant(campaign({ deadline: '2027-06-30' })).toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(closingInstant(campaign({ timeZone: 'America/Cayenne' })).toISOString()).toBe('2027-01-16T03:00:00.000Z');
  });

  it('refuses answers after it, naming the deadline, even before the timer has run', () => {
    expect(() => assertAcceptsAnswers(campaign(), new Date('2027-01-15T22:59:59Z'))).not.toThrow();
    expect(() => assertAcceptsAnswers(campaign(), new Date('2027-01-15T23:00:00Z'))).toThrow(
      'La campagne « Besoins 2028 » est close depuis le 15 janvier 2027',
    );
    expect(() => assertAcceptsAnswers(campaign({ status: 'close' }), new Date('2027-01-02T00:00:00Z'))).toThrow(
      'demandez à la coordination de prolonger',
    );
  });

  it('closes once due, and not an extended campaign', () => {
    expect(closeIfDue(campaign(), new Date('2027-01-15T22:00:00Z'))).toBeNull();
    expect(closeIfDue(campaign(), new Date('2027-01-16T08:00:00Z'))).toMatchObject({ status: 'close' });
    expect(closeIfDue(campaign({ status: 'close' }), new Date('2027-01-16T08:00:00Z'))).toBeNull();
  });

  it('is extended to a later, future day, with its history; answers after the first deadline are late', () => {
    const now = new Date('2027-01-17T09:00:00Z');
    const today = { year: 2027, month: 1, day: 17 };
    const closed = campaign({ status: 'close', closedAt: '2027-01-15T23:00:00Z' });
    expect(() => extendCampaign(closed, { deadline: '2027-01-16', by: 's', now, today })).toThrow(
      'choisissez une date à venir',
    );
    expect(() => extendCampaign(closed, { deadline: 'demain', by: 's', now, today })).toThrow(
      'Indiquez la nouvelle date limite',
    );
    const once = extendCampaign(closed, { deadline: '2027-01-29', by: 's', now, today });
    const twice = extendCampaign(once, { deadline: '2027-02-05', by: 's', now, today });
    expect(twice).toMatchObject({ status: 'ouverte', deadline: '2027-02-05', closedAt: null });
    expect(twice.extensions.map((e) => `${e.from}→${e.to}`)).toEqual([
      '2027-01-15→2027-01-29',
      '2027-01-29→2027-02-05',
    ]);
    expect(() => extendCampaign(once, { deadline: '2027-01-20', by: 's', now, today })).toThrow(
      'La date limite est déjà le 29 janvier 2027',
    );
    expect(isLate(twice, '2027-01-15T22:59:00Z')).toBe(false);
    expect(isLate(twice, '2027-01-20T10:00:00Z')).toBe(true);
  });
});

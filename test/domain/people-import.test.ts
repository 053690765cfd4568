import { readPeopleImport } from '../../src/domain/people-import';
import { Member } from '../../src/domain/governance';

const members: Member[] = [
  { id: 'bron', centraleId: 'c', name: 'Ville de Bron', kind: 'commune' },
  { id: 'villeurbanne', centraleId: 'c', name: 'Ville de Villeurbanne', kind: 'commune' },
];

describe('the members file', () => {
  it('reads people with « ; », quoted fields, a BOM, roles by their French labels and the delivery', () => {
    const text = [
      '\uFEFFNom;E-mail;Adhérent;Rôles;Envoi',
      'Jeanne Roux;Jeanne.Roux@Bron.FR;Ville de Bron;Élu·e | Référente;E-mail',
      '"Martin; Paul";paul.martin@grandlyon.example;;"Coordinatrice, Direction Achats";',
      '',
      'Zoé Ferré;zoe@villeurbanne.example;villeurbanne;;Teams',
    ].join('\r\n');
    const read = readPeopleImport(text, members);
    expect(read).toEqual({
      ok: true,
      people: [
        {
          line: 2,
          name: 'Jeanne Roux',
          email: 'Jeanne.Roux@bron.fr',
          memberId: 'bron',
          roles: ['elu', 'referent'],
          delivery: 'email',
        },
        {
          line: 3,
          name: 'Martin; Paul',
          email: 'paul.martin@grandlyon.example',
          memberId: null,
          roles: ['coordinateur', 'acheteur'],
          delivery: 'teams',
        },
        {
          line: 5,
          name: 'Zoé Ferré',
          email: 'zoe@villeurbanne.example',
          memberId: 'villeurbanne',
          roles: [],
          delivery: 'teams',
        },
      ],
    });
  });

  it('reads « , » as the separator when the header has no « ; »', () => {
    const read = readPeopleImport(
      'Nom,E-mail,Adhérent,Rôles,Envoi\nA B,a@b.fr,Ville de Bron,"Élu·e,Référent·e de commune",e-mail\n',
      members,
    );
    expect(read.ok && read.people[0]).toMatchObject({
      roles: ['elu', 'referent'],
      memberId: 'bron',
      delivery: 'email',
    });
  });

  it('gives every line’s errors in French and nothing to import', () => {
    const text = [
      'Nom;E-mail;Adhérent;Rôles;Envoi',
      'Jeanne Roux;jeanne@bron.fr;Ville de Bron;Élu·e;',
      ';paul@bron.fr;;;',
      'Luc;luc@bron;;;',
      'Inès;JEANNE@bron.fr;;;',
      'Marc;marc@bron.fr;Villeneuve;;',
      'Sam;sam@bron.fr;;Trésorier;Pigeon',
      'Ana;ana@bron.fr;;Référent·e de commune;',
    ].join('\n');
    expect(readPeopleImport(text, members)).toEqual({
      ok: false,
      errors: [
        'Ligne 3 : nom manquant.',
        'Ligne 4 : adresse e-mail invalide : « luc@bron ».',
        'Ligne 5 : adresse e-mail « JEANNE@bron.fr » déjà donnée ligne 2.',
        'Ligne 6 : adhérent inconnu « Villeneuve ».',
        'Ligne 7 : rôle inconnu « Trésorier » ; envoi inconnu « Pigeon » (« Teams » ou « E-mail »).',
        'Ligne 8 : un référent doit être rattaché à un adhérent.',
      ],
    });
  });

  it('requires the header, and says which column is unknown or missing', () => {
    expect(readPeopleImport('Jeanne;jeanne@bron.fr', members)).toEqual({
      ok: false,
      errors: [
        'Ligne 1 : colonne inconnue « Jeanne » (colonnes attendues : Nom, E-mail, Adhérent, Rôles, Envoi).',
        'Ligne 1 : colonne inconnue « jeanne@bron.fr » (colonnes attendues : Nom, E-mail, Adhérent, Rôles, Envoi).',
        'Ligne 1 : la colonne « Nom » manque (en-tête attendu : Nom;E-mail;Adhérent;Rôles;Envoi).',
        'Ligne 1 : la colonne « E-mail » manque (en-tête attendu : Nom;E-mail;Adhérent;Rôles;Envoi).',
      ],
    });
    expect(readPeopleImport('  \n', members).ok).toBe(false);
    expect(readPeopleImport('Nom;E-mail\n', members)).toEqual({
      ok: false,
      errors: ['Aucune personne après la ligne d’en-tête.'],
    });
  });

  it('says where a quote is left open', () => {
    const read = readPeopleImport('Nom;E-mail\nA;a@b.fr\n"B;b@b.fr\n', members);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors[0]).toMatch(/^Ligne \d : guillemet ouvert jamais fermé/);
  });
});

import { CardJson, cardText } from '../card-renderer';
import { messageCard } from '../replies';

/** « quorum ? » when no sitting is to come: what the person can do. */
export function noSittingCard(found: { organiser: boolean; instanceName: string | null }): CardJson {
  const of = found.instanceName ? ` du « ${cardText(found.instanceName)} »` : '';
  return found.organiser
    ? messageCard({
        title: 'Aucune séance à venir',
        text: `Aucune séance à venir${of} : il n’y a pas de quorum à prévoir. « convoquer » ouvre une convocation${
          found.instanceName ? '' : ' (par exemple « convoquer le COPIL mardi prochain à 14 h »)'
        }.`,
      })
    : messageCard({
        title: 'Aucune convocation',
        text: `Vous n’êtes convoqué·e à aucune séance à venir${of}. La prévision du quorum est celle de l’organisateur ou l’organisatrice de la séance.`,
      });
}

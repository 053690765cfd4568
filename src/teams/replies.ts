import { CardJson, renderCard } from './card-renderer';

/** A card as a message attachment (what the framework's CardFactory.adaptiveCard makes). */
export const attach = (card: CardJson) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });

/** A card as the activity a notice posts (the payload the delivery path sends). */
export const asActivity = (card: CardJson) => ({ attachments: [attach(card)] });

export interface MessageCardInput {
  title: string;
  text: string;
  facts?: Array<{ title: string; value: string }>;
  hint?: string;
  tone?: 'normal' | 'good' | 'attention';
}

const COLORS = { normal: 'Default', good: 'Good', attention: 'Attention' } as const;

/** A short card: a title, a sentence, optional facts. Used for confirmations and errors. */
export const messageCard = (m: MessageCardInput): CardJson =>
  renderCard('message', {
    title: m.title,
    text: m.text,
    facts: m.facts ?? [],
    hint: m.hint ?? '',
    color: COLORS[m.tone ?? 'normal'],
  });

/** The cards that replace the clicked message for everyone in the conversation (a channel's shared view). */
const sharedViews = new WeakSet<CardJson>();

/**
 * Marks a card as the view everyone sees in place of the card clicked (its `refresh` gives some
 * people their own view). Any other card answering a click replaces it for the clicker alone.
 */
export function forEveryone(card: CardJson): CardJson {
  sharedViews.add(card);
  return card;
}
export const isForEveryone = (card: CardJson): boolean => sharedViews.has(card);

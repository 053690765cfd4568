/** The cards of governance notices, built by the Teams layer (opaque activities here). */
export interface GovernancePresenter {
  /** An organiser's message to every member of an instance. */
  announcement(input: { instanceName: string; text: string; senderName: string }): Record<string, unknown>;
}

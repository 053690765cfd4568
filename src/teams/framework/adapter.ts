import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';

/** The app registration the bot answers as (null in local mode). */
export interface BotCredentials {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant';
  tenantId?: string;
}

/** Errors of the `jsonwebtoken` library, which botbuilder lets through for a bad signature or algorithm. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The TeamsAdapter, with every refused token answered 401. botbuilder answers 500 to a token
 * whose signature or algorithm is wrong (it only maps its own errors to 401): a forged token
 * is the caller's fault, not ours, and must not look like an outage on the monitoring.
 */
export class CentraleAdapter extends TeamsAdapter {
  constructor(credentials: BotCredentials | null, openIdMetadataUrl?: string) {
    super(
      credentials
        ? {
            MicrosoftAppId: credentials.appId,
            MicrosoftAppPassword: credentials.appPassword,
            MicrosoftAppType: credentials.appType,
            MicrosoftAppTenantId: credentials.tenantId,
            ...(openIdMetadataUrl ? publicCloudWithKeysFrom(openIdMetadataUrl) : {}),
          }
        : {},
    );
    const auth = this.botFrameworkAuthentication;
    const authenticate = auth.authenticateRequest.bind(auth);
    auth.authenticateRequest = async (activity, authHeader) => {
      try {
        return await authenticate(activity, authHeader);
      } catch (e) {
        if (e instanceof Error && TOKEN_ERRORS.has(e.name))
          throw new AuthenticationError(`Unauthorized: ${e.message}`, 401);
        throw e;
      }
    };
  }
}

/**
 * The public cloud's settings, except where the signing keys of incoming tokens are published.
 * Tests use it to sign tokens with their own key, since the real keys are on the internet;
 * the configuration offers no way to set it.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string) {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    CallerId: 'urn:botframework:azure',
  };
}

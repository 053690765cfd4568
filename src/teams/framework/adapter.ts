import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { KEYS_UNAVAILABLE, SigningKeys } from './signing-keys';

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
  private readonly keys: SigningKeys | null;

  constructor(credentials: BotCredentials | null, openIdMetadataUrl?: string, onKeysFailure?: (error: string) => void) {
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
    this.keys = credentials ? new SigningKeys(openIdMetadataUrl, onKeysFailure) : null;
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

  /**
   * A request with a token while the signing keys cannot be had gets 503 and a neutral text at
   * once (botbuilder would answer 401 or 500 with its internal error, and fetch again each time).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async process(req: any, res: any, logic: any, maybeLogic?: any): Promise<void> {
    if (!maybeLogic && this.keys && req.headers?.authorization && !(await this.keys.available())) {
      res.status(503);
      res.send(KEYS_UNAVAILABLE);
      res.end();
      return;
    }
    if (typeof res?.header === 'function') {
      // teams-ai stamps its name and version on every answer: nothing a stranger needs to know.
      const header = res.header.bind(res);
      res.header = (name: string, value: unknown) => (/^user-agent$/i.test(name) ? res : header(name, value));
    }
    return maybeLogic ? super.process(req, res, logic, maybeLogic) : super.process(req, res, logic);
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

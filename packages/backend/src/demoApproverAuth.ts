/*
 * DEMO ONLY: a second guest-like sign-in, so the demo's secret requests have a requester (the
 * guest) and an approver who is someone else. Anyone who can reach the backend can sign in as
 * the configured user: never configure it outside a demo.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The auth provider's id: its routes are /api/auth/demo-approver/*, its config auth.providers.demo-approver. */
export const DEMO_APPROVER_PROVIDER_ID = 'demo-approver';

interface DemoApproverContext {
  userEntityRef: string;
  /** As the guest provider: only in development, unless the config says otherwise. */
  allowed: boolean;
}

interface DemoApproverResult {
  userEntityRef: string;
}

const demoApproverAuthenticator = createProxyAuthenticator<
  DemoApproverContext,
  DemoApproverResult,
  undefined
>({
  // The catalog user's own name and email, so the app shows who is signed in.
  async defaultProfileTransform({ userEntityRef }, ctx) {
    const { entity } = await ctx.findCatalogUser({ entityRef: userEntityRef });
    const profile = (entity.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    return {
      profile: { displayName: profile.displayName, email: profile.email },
    };
  },
  initialize({ config }) {
    return {
      // Required: there is no sensible default approver.
      userEntityRef: config.getString('userEntityRef'),
      allowed:
        process.env.NODE_ENV === 'development' ||
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
          true,
    };
  },
  async authenticate(_, { userEntityRef, allowed }) {
    if (!allowed) {
      throw new NotAllowedError(
        `The ${DEMO_APPROVER_PROVIDER_ID} provider is for the demo and refuses sign-in outside a development environment unless 'auth.providers.${DEMO_APPROVER_PROVIDER_ID}.dangerouslyAllowOutsideDevelopment' is true`,
      );
    }
    return { result: { userEntityRef } };
  },
});

/**
 * DEMO ONLY. Signs anyone in as `auth.providers.demo-approver.userEntityRef`, a user of the
 * catalog (sign-in fails when the catalog has no such user). Inactive unless that config
 * exists; refused outside NODE_ENV=development unless `dangerouslyAllowOutsideDevelopment`.
 */
export const authModuleDemoApproverProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-approver-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: DEMO_APPROVER_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: demoApproverAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});

import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { demoApproverAuthApiRef } from './DemoApproverAuth';

/**
 * The demo's sign-in page: Backstage's own, with the guest's "Enter" as before and, DEMO
 * ONLY, a second identity that approves what the guest asks for (secret requests, exemptions).
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          providers={[
            'guest',
            {
              id: 'demo-approver',
              title: 'Platform approver (demo only)',
              message:
                'Sign in as the platform team’s approver (Ivy Chen in the example catalog) to decide the requests the guest makes. A demo convenience: anyone can, so never offer it outside a demo.',
              apiRef: demoApproverAuthApiRef,
            },
          ]}
        />
      ),
  },
});

import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
} from '@backstage/frontend-plugin-api';
import { DemoApproverAuth, demoApproverAuthApiRef } from './DemoApproverAuth';
import { signInPage } from './SignInPage';

const demoApproverAuthApi = ApiBlueprint.make({
  name: 'demo-approver-auth',
  params: defineParams =>
    defineParams({
      api: demoApproverAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) => new DemoApproverAuth({ discoveryApi }),
    }),
});

/** The demo's sign-in page (the guest, and the platform approver) replacing the app's default. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoApproverAuthApi, signInPage],
});

import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  securityPostureSourcesExtensionPoint,
  type PostureSource,
  type SecretObservation,
} from '@posture/backstage-plugin-security-node';

/**
 * A posture source for router and runner tests whose answers the test controls: the next
 * observations, or an error to throw, as Vault being down would.
 */
export function createFakeSecretsSource() {
  const control: {
    items: SecretObservation[];
    failWith: string | null;
    calls: string[];
  } = {
    items: [],
    failWith: null,
    calls: [],
  };
  const source: PostureSource = {
    id: 'fake-vault',
    observes: 'secrets',
    schedule: {
      frequency: { hours: 24 },
      timeout: { minutes: 1 },
      initialDelay: { hours: 24 },
    },
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.['vault.io/secrets-path']),
    async collect(entity) {
      control.calls.push(entity.metadata.name);
      if (control.failWith) {
        throw new Error(control.failWith);
      }
      return { kind: 'secrets', items: control.items };
    },
  };
  const module = createBackendModule({
    pluginId: 'security',
    moduleId: 'fake-secrets',
    register(env) {
      env.registerInit({
        deps: { sources: securityPostureSourcesExtensionPoint },
        async init({ sources }) {
          sources.addPostureSource(source);
        },
      });
    },
  });
  return { control, source, module };
}

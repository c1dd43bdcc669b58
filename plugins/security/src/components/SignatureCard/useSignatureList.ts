import type {
  ListResponse,
  SignatureItem,
} from '@posture/backstage-plugin-security-common';
import { useReloadable, type Reloadable } from '../shared/useReloadable';

export type SignatureList = Reloadable<ListResponse<SignatureItem>>;

/**
 * Every signature verdict of the entity, loaded once on mount (one small request; the
 * stale notice needs the errors it carries) and again whenever asked.
 */
export function useSignatureList(entityRef: string): SignatureList {
  return useReloadable(api => api.listSignatures(entityRef), [entityRef]);
}

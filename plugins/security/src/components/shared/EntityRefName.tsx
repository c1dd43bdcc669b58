import { shortRef } from './shortRef';

/**
 * An entity ref by its name ("data-pipeline" for `system:default/data-pipeline`), the full
 * ref in the tooltip for whoever needs to tell two namespaces apart or copy it.
 */
export function EntityRefName(props: { entityRef: string; kind: string }) {
  const name = shortRef(props.entityRef, props.kind);
  return (
    <span title={name === props.entityRef ? undefined : props.entityRef}>
      {name}
    </span>
  );
}

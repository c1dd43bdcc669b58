import { StatusLabel } from './StatusLabel';

/**
 * Sources never replace good data with "clean" when a check fails; they flag it stale.
 * Say so, or an old result would read as current.
 */
export function StaleNotice(props: { stale: boolean }) {
  if (!props.stale) {
    return null;
  }
  return (
    <StatusLabel status="warning">
      Stale: the last check failed, showing the previous result
    </StatusLabel>
  );
}

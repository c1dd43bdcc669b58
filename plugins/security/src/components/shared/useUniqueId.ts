import { useState } from 'react';

let counter = 0;

/**
 * A per-instance id for tying labels to inputs. Not React's `useId`: the plugin still
 * supports React 16 and 17 hosts, and this tab is never server-rendered.
 */
export function useUniqueId(prefix: string): string {
  const [id] = useState(() => {
    counter += 1;
    return `${prefix}-${counter}`;
  });
  return id;
}

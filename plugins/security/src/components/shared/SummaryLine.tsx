import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/** One labelled fact in a summary card, e.g. "Artifact: ghcr.io/acme/payments". */
export function SummaryLine(props: { label: string; children: ReactNode }) {
  return (
    <Typography variant="body2" component="div">
      <strong>{props.label}:</strong> {props.children}
    </Typography>
  );
}

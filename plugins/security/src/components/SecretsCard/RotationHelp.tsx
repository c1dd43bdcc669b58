import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { SecretKind } from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';

// "Overdue" asks for opposite actions per kind: people rotate KV secrets, Vault rotates
// static roles, so an overdue role is a broken rotation rather than a forgotten one.
const HELP: Record<SecretKind, { title: string; text: ReactNode }> = {
  kv: {
    title: 'KV secrets',
    text: (
      <>
        Write a new version of the secret (e.g. <code>vault kv put</code>), roll
        it out, then the old version can be deleted. Posture counts age from the
        current version's creation time.
      </>
    ),
  },
  'database-static-role': {
    title: 'database static roles',
    text: (
      <>
        Vault rotates the password itself every <code>rotation_period</code>; an
        overdue static role means rotation is failing — check the role and the
        database connection.
      </>
    ),
  },
};

const KINDS: SecretKind[] = ['kv', 'database-static-role'];

/** "What rotation means", folded, for each kind of secret the entity has. */
export function RotationHelp(props: { kinds: ReadonlySet<SecretKind> }) {
  return (
    <>
      {KINDS.filter(kind => props.kinds.has(kind)).map(kind => (
        <Accordion key={kind} elevation={0} square>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              What rotation means: {HELP[kind].title}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Typography variant="body2">{HELP[kind].text}</Typography>
          </AccordionDetails>
        </Accordion>
      ))}
    </>
  );
}

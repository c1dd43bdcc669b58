import { alpha, makeStyles } from '@material-ui/core/styles';
import type { SecretStatus } from '@posture/backstage-plugin-security-common';
import { readableTextOn } from '../shared/readableTextColor';
import { SECRET_STATUS_COLORS } from './secretStatusColors';

/**
 * Static classes per status, not styles computed from props: a card lists many rows, and
 * prop-based styles cost a stylesheet update per row.
 */
export const useSecretStatusStyles = makeStyles(() => {
  const chip = (status: SecretStatus) => ({
    backgroundColor: SECRET_STATUS_COLORS[status],
    // 4.5:1 for chip text; MUI's getContrastText accepts 3:1.
    color: readableTextOn(SECRET_STATUS_COLORS[status]),
  });
  const bar = (status: SecretStatus) => ({
    backgroundColor: SECRET_STATUS_COLORS[status],
  });
  const track = (status: SecretStatus) => ({
    backgroundColor: alpha(SECRET_STATUS_COLORS[status], 0.2),
  });
  return {
    okChip: chip('ok'),
    dueSoonChip: chip('due-soon'),
    overdueChip: chip('overdue'),
    deletedChip: chip('deleted'),
    unknownChip: chip('unknown'),
    okBar: bar('ok'),
    dueSoonBar: bar('due-soon'),
    overdueBar: bar('overdue'),
    deletedBar: bar('deleted'),
    unknownBar: bar('unknown'),
    okTrack: track('ok'),
    dueSoonTrack: track('due-soon'),
    overdueTrack: track('overdue'),
    deletedTrack: track('deleted'),
    unknownTrack: track('unknown'),
  };
});

type StatusClassPrefix = 'ok' | 'dueSoon' | 'overdue' | 'deleted' | 'unknown';

const CLASS_PREFIX: Record<SecretStatus, StatusClassPrefix> = {
  ok: 'ok',
  'due-soon': 'dueSoon',
  overdue: 'overdue',
  deleted: 'deleted',
  unknown: 'unknown',
};

/** The chip, bar and track classes of one status. */
export function statusClasses(
  classes: ReturnType<typeof useSecretStatusStyles>,
  status: SecretStatus,
): { chip: string; bar: string; track: string } {
  const prefix = CLASS_PREFIX[status];
  return {
    chip: classes[`${prefix}Chip`],
    bar: classes[`${prefix}Bar`],
    track: classes[`${prefix}Track`],
  };
}

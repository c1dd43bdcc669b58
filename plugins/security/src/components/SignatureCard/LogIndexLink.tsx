import { Link } from '@backstage/core-components';
import { safeHref } from '../shared/safeHref';

/**
 * The transparency log entry that proves when the image was signed, opening the log's own
 * search page in a new tab when the source knows one.
 */
export function LogIndexLink(props: {
  logIndex: number | null;
  logUrl: string | null;
}) {
  const { logIndex } = props;
  if (logIndex === null) {
    return <>—</>;
  }
  // The log URL comes from a source or an uploaded bundle: only http(s) becomes a link.
  const logUrl = safeHref(props.logUrl);
  if (!logUrl) {
    return <span>{logIndex}</span>;
  }
  return (
    <Link to={logUrl} externalLinkIcon>
      {logIndex}
    </Link>
  );
}

import { Link } from '@backstage/core-components';

function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * The transparency log entry that proves when the image was signed, opening the log's own
 * search page in a new tab when the source knows one.
 */
export function LogIndexLink(props: {
  logIndex: number | null;
  logUrl: string | null;
}) {
  const { logIndex, logUrl } = props;
  if (logIndex === null) {
    return <>—</>;
  }
  if (!logUrl || !isWebUrl(logUrl)) {
    return <span>{logIndex}</span>;
  }
  return (
    <Link to={logUrl} externalLinkIcon>
      {logIndex}
    </Link>
  );
}

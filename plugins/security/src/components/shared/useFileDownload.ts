import { useState } from 'react';
import { errorMessage } from './errorMessage';
import { saveBlob } from './saveBlob';

export interface FileDownload {
  /** The key of the download under way, if one is. */
  pending?: string;
  /** Why the last download failed, in words, until the next one starts. */
  failure?: string;
  /** Fetches the file (through the client, which attaches the user's token) and saves it. */
  download: (
    key: string,
    fetchFile: () => Promise<Blob>,
    fileName: string,
  ) => Promise<void>;
}

/**
 * A download of a file the backend serves, for the buttons that start it: which one runs,
 * and why it failed, after `failureLead` (e.g. "Could not download the SBOM").
 */
export function useFileDownload(failureLead: string): FileDownload {
  const [pending, setPending] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const download = async (
    key: string,
    fetchFile: () => Promise<Blob>,
    fileName: string,
  ) => {
    setPending(key);
    setFailure(undefined);
    try {
      saveBlob(await fetchFile(), fileName);
    } catch (error) {
      setFailure(
        `${failureLead}: ${
          error instanceof Error ? errorMessage(error) : String(error)
        }`,
      );
    } finally {
      setPending(undefined);
    }
  };

  return { pending, failure, download };
}

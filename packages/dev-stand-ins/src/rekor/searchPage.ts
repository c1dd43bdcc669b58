import express from 'express';
import { escapeHtml, factsList, sendHtmlPage } from '../shared/htmlPage';
import { RekorState } from './state';

/** The entry's body as the log stores it: base64 of canonical JSON, shown pretty-printed. */
function decodedBody(body: string): string {
  const text = Buffer.from(body, 'base64').toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function unixTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? String(seconds)
    : `${date.toISOString()} (${seconds})`;
}

/**
 * A log search page in the manner of search.sigstore.dev, at `/search?logIndex=N`, so the
 * Signature card's log link (security.rekor.searchUrl) opens something a person can read
 * instead of the API's raw JSON.
 */
export function rekorSearchRouter(state: RekorState): express.Router {
  const router = express.Router();
  router.get('/search', (req, res) => {
    const text = req.query.logIndex;
    if (typeof text !== 'string' || !/^\d+$/.test(text)) {
      sendHtmlPage(res, 400, {
        title: 'Log search · Rekor stand-in',
        heading: 'Log search',
        body: '<p>Give a log index as a whole number, e.g. <code>/search?logIndex=0</code>.</p>',
      });
      return;
    }
    const stored = state.findByLogIndex(Number(text));
    if (!stored) {
      sendHtmlPage(res, 404, {
        title: 'Not found · Rekor stand-in',
        heading: 'Not found',
        body: `<p>No entry has log index ${escapeHtml(text)} in this log.</p>`,
      });
      return;
    }
    const { entry } = stored;
    sendHtmlPage(res, 200, {
      title: `Entry ${entry.logIndex} · Rekor stand-in`,
      heading: `Log entry ${entry.logIndex}`,
      body: `<p class="note">Read-only page of the local Rekor stand-in.</p>
${factsList([
  ['Log index', String(entry.logIndex)],
  ['UUID', stored.uuid],
  [
    'Kind',
    [stored.kind, stored.apiVersion].filter(Boolean).join(' ') || 'unknown',
  ],
  ['Integrated time', unixTime(entry.integratedTime)],
  ['Log ID', entry.logID],
])}
<h2>Body</h2>
<pre>${escapeHtml(decodedBody(entry.body))}</pre>`,
    });
  });
  return router;
}

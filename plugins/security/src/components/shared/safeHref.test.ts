/* eslint-disable no-script-url -- these tests feed script URLs on purpose */
import { safeHref } from './safeHref';

describe('safeHref', () => {
  it.each([
    'https://avd.aquasec.com/nvd/cve-2019-14697',
    'http://localhost:3001/api/v1/log/entries?logIndex=42',
    'HTTPS://search.sigstore.dev/?logIndex=123456789',
  ])('keeps the web URL %s as a link', url => {
    expect(safeHref(url)).toBe(new URL(url).href);
    expect(safeHref(url)).toMatch(/^https?:\/\//);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/advisory',
    '/nvd/cve-2019-14697',
    '//evil.example.com/path',
    'avd.aquasec.com/nvd/cve-2019-14697',
    'not a url',
  ])('refuses %j', url => {
    expect(safeHref(url)).toBeUndefined();
  });

  it('has nothing to link for a missing URL', () => {
    expect(safeHref(null)).toBeUndefined();
    expect(safeHref(undefined)).toBeUndefined();
    expect(safeHref('')).toBeUndefined();
  });
});

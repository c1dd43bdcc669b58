import {
  maybeBase64,
  parsePolicyText,
  PolicyParseError,
  renderPolicyText,
} from './policyText';

describe('parsePolicyText', () => {
  it('reads path blocks, comments, legacy policy values and ignores known extra keys', () => {
    const text = `
# Service read access
path "secret/data/default/app/*" {
  capabilities = ["read", "list"]
}
// legacy form
path "secret/metadata/default/app/*" { policy = "write" }
/* block
   comment */
path "/sys/policies/acl/posture-secret-*" {
  capabilities = ["create", "update"]
  allowed_parameters = {
    "policy" = []
  }
  min_wrapping_ttl = "1s"
}
path "secret/data/forbidden" { capabilities = ["read", "deny"] }
`;
    expect(parsePolicyText('svc', text)).toEqual({
      name: 'svc',
      paths: {
        'secret/data/default/app/*': ['read', 'list'],
        'secret/metadata/default/app/*': [
          'create',
          'read',
          'update',
          'delete',
          'list',
        ],
        'sys/policies/acl/posture-secret-*': ['create', 'update'],
        'secret/data/forbidden': ['deny'],
      },
    });
  });

  it('reads the JSON form and what renderPolicyText writes', () => {
    const policy = {
      name: 'p',
      paths: { 'a/+/b': ['read' as const], 'c/*': ['create' as const] },
    };
    expect(parsePolicyText('p', renderPolicyText(policy))).toEqual(policy);
    const json = {
      path: {
        'a/+/b': { capabilities: ['read'] },
        'c/*': { capabilities: ['create'] },
      },
    };
    expect(parsePolicyText('p', JSON.stringify(json))).toEqual(policy);
  });

  it.each([
    ['path "a" { capabilities = ["read"] ', /expected a key, found end/],
    ['path "a { }', /unterminated string/],
    ['path a { }', /expected a quoted label/],
    ['owner = "me"', /invalid key "owner"/],
    ['path "a" { capabilities = "read" }', /capabilities must be a list/],
    ['path "a" { policy = "admin" }', /invalid policy "admin"/],
    ['path "a" { capabilities = ["read"] } @', /illegal char "@"/],
    ['{"path": ', /JSON/],
  ])('refuses %j', (text, message) => {
    expect(() => parsePolicyText('p', text)).toThrow(PolicyParseError);
    expect(() => parsePolicyText('p', text)).toThrow(message);
  });
});

describe('maybeBase64', () => {
  it('decodes padded base64 and leaves policy text alone', () => {
    const text = 'path "a" { capabilities = ["read"] }';
    expect(maybeBase64(Buffer.from(text).toString('base64'))).toBe(text);
    expect(maybeBase64(text)).toBe(text);
  });
});

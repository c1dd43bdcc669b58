import { SessionState } from '@backstage/frontend-plugin-api';
import { DemoApproverAuth } from './DemoApproverAuth';

const identity = {
  type: 'user' as const,
  userEntityRef: 'user:default/ivy-chen',
  ownershipEntityRefs: ['user:default/ivy-chen', 'group:default/team-platform'],
};

function refreshAnswer(token: string) {
  return new Response(
    JSON.stringify({
      backstageIdentity: { token, expiresInSeconds: 3600, identity },
      profile: { displayName: 'Ivy Chen', email: 'ivy.chen@example.com' },
    }),
    { status: 200, headers: { 'Content-Type': 'application/json' } },
  );
}

function setup() {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const auth = new DemoApproverAuth({
    discoveryApi: { getBaseUrl: async () => 'http://localhost:7007/api/auth' },
    now: () => now,
  });
  return { auth, advance: (ms: number) => (now += ms) };
}

describe('DemoApproverAuth', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    global.fetch = fetchMock;
  });

  it('signs in through the demo-approver refresh route, with the header Backstage requires', async () => {
    fetchMock.mockResolvedValueOnce(refreshAnswer('token-1'));
    const { auth } = setup();

    const response = await auth.getBackstageIdentity();

    expect(response).toEqual({
      token: 'token-1',
      identity,
      expiresAt: new Date('2026-12-01T11:00:00Z'),
    });
    expect(await auth.getProfile()).toEqual({
      displayName: 'Ivy Chen',
      email: 'ivy.chen@example.com',
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://localhost:7007/api/auth/demo-approver/refresh');
    expect(init.headers).toEqual({ 'X-Requested-With': 'XMLHttpRequest' });
  });

  it('keeps the token until shortly before it expires, then asks for a new one', async () => {
    fetchMock
      .mockResolvedValueOnce(refreshAnswer('token-1'))
      .mockResolvedValueOnce(refreshAnswer('token-2'));
    const { auth, advance } = setup();

    expect((await auth.getBackstageIdentity())?.token).toBe('token-1');
    advance(50 * 60 * 1000);
    expect((await auth.getBackstageIdentity())?.token).toBe('token-1');
    advance(6 * 60 * 1000);
    expect((await auth.getBackstageIdentity())?.token).toBe('token-2');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('asks once for callers at the same time', async () => {
    fetchMock.mockResolvedValueOnce(refreshAnswer('token-1'));
    const { auth } = setup();

    const tokens = await Promise.all([
      auth.getBackstageIdentity(),
      auth.getBackstageIdentity(),
      auth.getProfile(),
    ]);

    expect(tokens[0]?.token).toBe('token-1');
    expect(tokens[1]?.token).toBe('token-1');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('fails sign-in with the backend’s refusal, and answers no session when asked optionally', async () => {
    const refusal = () =>
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'The demo-approver provider is for the demo',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      );
    fetchMock.mockResolvedValueOnce(refusal()).mockResolvedValueOnce(refusal());
    const { auth } = setup();

    await expect(auth.getBackstageIdentity()).rejects.toThrow(
      'The demo-approver provider is for the demo',
    );
    await expect(
      auth.getBackstageIdentity({ optional: true }),
    ).resolves.toBeUndefined();
  });

  it('tells subscribers of sign-in and sign-out, and asks again after signing out', async () => {
    fetchMock
      .mockResolvedValueOnce(refreshAnswer('token-1'))
      .mockResolvedValueOnce(refreshAnswer('token-2'));
    const { auth } = setup();
    const states: SessionState[] = [];
    const subscription = auth.sessionState$().subscribe(s => states.push(s));

    await auth.signIn();
    await auth.signOut();
    expect((await auth.getBackstageIdentity())?.token).toBe('token-2');
    subscription.unsubscribe();
    await auth.signOut();

    expect(states).toEqual([
      SessionState.SignedOut,
      SessionState.SignedIn,
      SessionState.SignedOut,
      SessionState.SignedIn,
    ]);
    expect(subscription.closed).toBe(true);
  });
});

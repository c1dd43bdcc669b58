import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';
import { pagePosition } from './cursor';

describe('pagePosition', () => {
  it('places a middle page between its neighbours and the last page', () => {
    const middle = pagePosition(25, 25, 60);
    expect(middle.offset).toBe(25);
    expect(middle.previousCursor).toEqual(expect.any(String));
    expect(middle.lastCursor).toEqual(expect.any(String));
    expect(pagePosition(0, 25, 60).previousCursor).toBeUndefined();
    // The previous page of the page after it is this page.
    expect(pagePosition(50, 25, 60).previousCursor).toBe(
      pagePosition(0, 25, 60).nextCursor,
    );
  });

  it('offers no next or last cursor on the last page, and none at all for an empty list', () => {
    expect(pagePosition(50, 25, 60)).toEqual({
      offset: 50,
      nextCursor: undefined,
      previousCursor: expect.any(String),
      lastCursor: undefined,
    });
    expect(pagePosition(0, 25, 0)).toEqual({
      offset: 0,
      nextCursor: undefined,
      previousCursor: undefined,
      lastCursor: undefined,
    });
  });
});

describe('GET .../vulnerabilities paging', () => {
  it('answers the offset, previous and last cursors so a client can jump to the last page and back', async () => {
    const { server } = await startTestBackend({
      features: [
        securityPlugin,
        fakeFormatModule,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'api',
                namespace: 'default',
                annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
              },
              spec: { type: 'service', owner: 'team-a' },
            },
          ],
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const upload = await request(server)
      .post('/api/security/v1/reports?entityRef=component:default/api')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          fakeScan: {
            image: 'ghcr.io/acme/api:1.0',
            findings: 12,
            at: '2026-11-20T00:00:00Z',
          },
        }),
      );
    expect(upload.status).toBe(201);
    const page = async (cursor?: string) => {
      const res = await request(server)
        .get('/api/security/v1/entities/component/default/api/vulnerabilities')
        .query({ limit: 5, ...(cursor ? { cursor } : {}) })
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body;
    };

    const first = await page();
    expect(first).toMatchObject({ totalCount: 12, offset: 0 });
    expect(first.previousCursor).toBeUndefined();

    const last = await page(first.lastCursor);
    expect(last.offset).toBe(10);
    expect(last.items).toHaveLength(2);
    expect(last.nextCursor).toBeUndefined();
    expect(last.lastCursor).toBeUndefined();

    const beforeLast = await page(last.previousCursor);
    expect(beforeLast.offset).toBe(5);
    expect(beforeLast.items).toHaveLength(5);
    const firstAgain = await page(beforeLast.previousCursor);
    expect(firstAgain.offset).toBe(0);
    expect(firstAgain.items).toEqual(first.items);
  });
});

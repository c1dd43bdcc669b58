import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailableHandler,
} from './databaseUnavailableHandler';

/** A route failing with `error`, behind the handler and Backstage's own error middleware. */
function appFailingWith(error: Error) {
  const app = express();
  app.get('/thing', (_req, _res, next) => next(error));
  app.use(databaseUnavailableHandler());
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

describe('databaseUnavailableHandler', () => {
  it('answers 503 with Retry-After when the database is unreachable, naming no address', async () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 10.1.2.3:5432'),
      { code: 'ECONNREFUSED' },
    );
    const res = await request(appFailingWith(refused)).get('/thing');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe(
      String(DATABASE_RETRY_AFTER_SECONDS),
    );
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        "Posture's database is unavailable (ECONNREFUSED); try again in a few seconds",
    });
    expect(res.text).not.toContain('10.1.2.3');
  });

  it('leaves every other error as it was', async () => {
    const res = await request(
      appFailingWith(Object.assign(new Error('duplicate'), { code: '23505' })),
    ).get('/thing');
    expect(res.status).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});

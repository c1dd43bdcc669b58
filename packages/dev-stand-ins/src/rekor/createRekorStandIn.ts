import type { Express } from 'express';
import { Delays, type DelayTimer } from '../vault/delays';
import type { RunningServer } from '../vault/server';
import { createRekorApp } from './app';
import { RekorFaultRegistry } from './faults';
import { RekorRequestLog } from './requestLog';
import { startRekorServer } from './server';
import { RekorStandInOptions, RekorState } from './state';

export interface CreateRekorStandInOptions extends RekorStandInOptions {
  /**
   * Body of a 404 for an unknown entry: `{code:404,message:"Not Found"}` ('error', the
   * default) or none ('empty'), which is what Rekor's handler sends.
   */
  notFoundBody?: 'error' | 'empty';
  /** What injected fault delays wait on; the real clock by default. */
  delayTimer?: DelayTimer;
}

export interface RekorStandIn {
  /** The Express app, usable with supertest. */
  app: Express;
  state: RekorState;
  requestLog: RekorRequestLog;
  /** Same registry as state.faults. */
  faults: RekorFaultRegistry;
  /** Listens on 127.0.0.1 (by default) and a random port (by default). */
  start(port?: number, host?: string): Promise<RunningServer>;
}

/** A local server speaking the parts of Rekor's v1 REST API that Posture uses. */
export function createRekorStandIn(
  options: CreateRekorStandInOptions = {},
): RekorStandIn {
  const state = new RekorState(options);
  const requestLog = new RekorRequestLog();
  const delays = new Delays(options.delayTimer);
  const app = createRekorApp(state, requestLog, delays, {
    notFoundBody: options.notFoundBody ?? 'error',
  });
  return {
    app,
    state,
    requestLog,
    faults: state.faults,
    start: (port = 0, host = '127.0.0.1') =>
      startRekorServer(app, delays, port, host),
  };
}

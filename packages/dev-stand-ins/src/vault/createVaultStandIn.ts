import type { Express } from 'express';
import { createVaultApp } from './app';
import { Delays, type DelayTimer } from './delays';
import { FaultRegistry } from './faults';
import { RequestLog } from './requestLog';
import { RunningServer, startServer } from './server';
import { VaultStandInOptions, VaultState } from './state';

export interface VaultStandIn {
  /**
   * The Express app, usable with supertest. Node's HTTP parser refuses the LIST method, so
   * LIST requests need start(); through the bare app use GET with ?list=true.
   */
  app: Express;
  state: VaultState;
  requestLog: RequestLog;
  /** Same registry as state.faults. */
  faults: FaultRegistry;
  /** The root token's id. */
  rootToken: string;
  /** Listens on 127.0.0.1 (by default) and a random port (by default). */
  start(port?: number, host?: string): Promise<RunningServer>;
}

/** A local server speaking the parts of Vault's HTTP API that Posture uses. */
export function createVaultStandIn(
  options: VaultStandInOptions & {
    /** What injected fault delays wait on; the real clock by default. */
    delayTimer?: DelayTimer;
  } = {},
): VaultStandIn {
  const state = new VaultState(options);
  const requestLog = new RequestLog();
  const delays = new Delays(options.delayTimer);
  const app = createVaultApp(state, requestLog, delays);
  return {
    app,
    state,
    requestLog,
    faults: state.faults,
    rootToken: state.root.id,
    start: (port = 0, host = '127.0.0.1') =>
      startServer(app, delays, port, host),
  };
}

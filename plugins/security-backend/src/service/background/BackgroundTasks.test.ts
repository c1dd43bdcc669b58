import { mockServices } from '@backstage/backend-test-utils';
import { BackgroundTasks } from './BackgroundTasks';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('BackgroundTasks', () => {
  it('runs work with the same key once while it is running, again afterwards', async () => {
    const tasks = new BackgroundTasks(mockServices.logger.mock());
    const gate = deferred();
    const task = jest.fn(() => gate.promise);

    const first = tasks.enqueue('api@sha256:a', task);
    const second = tasks.enqueue('api@sha256:a', task);
    expect(second).toBe(first);
    expect(tasks.pending).toEqual(['api@sha256:a']);

    gate.resolve();
    await tasks.whenIdle();
    expect(task).toHaveBeenCalledTimes(1);
    expect(tasks.pending).toEqual([]);

    await tasks.enqueue('api@sha256:a', task);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('waits for work started while waiting, and logs failures instead of rejecting', async () => {
    const logger = mockServices.logger.mock();
    const tasks = new BackgroundTasks(logger);
    const order: string[] = [];
    const gate = deferred();
    void tasks.enqueue('first', async () => {
      await gate.promise;
      order.push('first');
      void tasks.enqueue('second', async () => {
        order.push('second');
        throw new Error('log unreachable');
      });
    });

    const idle = tasks.whenIdle().then(() => order.push('idle'));
    gate.resolve();
    await idle;
    expect(order).toEqual(['first', 'second', 'idle']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('log unreachable'),
    );
  });

  it('drains on shutdown: running work finishes, new work is refused', async () => {
    const tasks = new BackgroundTasks(mockServices.logger.mock());
    const gate = deferred();
    let finished = false;
    void tasks.enqueue('running', async () => {
      await gate.promise;
      finished = true;
    });

    const drained = tasks.drain();
    const late = jest.fn(async () => undefined);
    await tasks.enqueue('late', late);
    gate.resolve();
    await drained;

    expect(finished).toBe(true);
    expect(late).not.toHaveBeenCalled();
  });

  it('runs fresh work once more after the running pass when asked meanwhile, however often', async () => {
    const logger = mockServices.logger.mock();
    const tasks = new BackgroundTasks(logger);
    const started = deferred();
    const gates = [deferred(), deferred()];
    let state = 'secret A';
    const seen: string[] = [];
    let pass = 0;
    const task = jest.fn(async () => {
      const gate = gates[pass++];
      // The pass reads the state when it starts, as a check of an entity's secrets does.
      const read = state;
      started.resolve();
      await gate?.promise;
      seen.push(read);
      if (pass === 1) throw new Error('Vault answered 503');
    });

    const first = tasks.enqueueFresh('secrets:api', task);
    await started.promise;
    // Two more secrets are provisioned while the first pass is reading.
    state = 'secrets A, B, C';
    const second = tasks.enqueueFresh('secrets:api', task);
    const third = tasks.enqueueFresh('secrets:api', task);
    expect(second).toBe(first);
    expect(third).toBe(first);

    gates[0].resolve();
    gates[1].resolve();
    await first;
    // One more pass, not two, and it saw every change; the failed pass was logged.
    expect(seen).toEqual(['secret A', 'secrets A, B, C']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Vault answered 503'),
    );
    expect(tasks.pending).toEqual([]);

    // Asked again once idle: a new run.
    await tasks.enqueueFresh('secrets:api', task);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('does not run fresh work again once shutting down', async () => {
    const tasks = new BackgroundTasks(mockServices.logger.mock());
    const started = deferred();
    const gate = deferred();
    const task = jest.fn(async () => {
      started.resolve();
      await gate.promise;
    });
    void tasks.enqueueFresh('secrets:api', task);
    await started.promise;
    void tasks.enqueueFresh('secrets:api', task);

    const drained = tasks.drain();
    gate.resolve();
    await drained;
    expect(task).toHaveBeenCalledTimes(1);
    await tasks.enqueueFresh('secrets:other', task);
    expect(task).toHaveBeenCalledTimes(1);
  });
});

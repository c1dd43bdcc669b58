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
});

import { ConfigReader } from '@backstage/config';
import { readWorkQueueConfig } from './workQueueConfig';

const read = (workQueue?: object) =>
  readWorkQueueConfig(new ConfigReader({ security: { workQueue } }));

describe('readWorkQueueConfig', () => {
  it('sweeps every 10 seconds with a 60-second lease unless configured', () => {
    expect(read()).toEqual({
      sweepFrequency: { seconds: 10 },
      leaseMs: 60_000,
    });
    expect(read({ sweepFrequency: { seconds: 2 }, lease: 'PT15S' })).toEqual({
      sweepFrequency: { seconds: 2 },
      leaseMs: 15_000,
    });
  });

  it.each([
    [{ sweepFrequency: 'often' }, 'security.workQueue.sweepFrequency'],
    [{ sweepFrequency: { seconds: 0 } }, 'security.workQueue.sweepFrequency'],
    [{ lease: { seconds: 2 } }, 'security.workQueue.lease'],
    [{ lease: 'forever' }, 'security.workQueue.lease'],
  ])('stops start-up on %j naming %s', (value, key) => {
    expect(() => read(value)).toThrow(`Invalid config ${key}:`);
  });
});

import { IngestionBusyError, IngestionSlots } from './IngestionSlots';

describe('IngestionSlots', () => {
  it('lets maxConcurrent through, queues up to maxQueued in order, refuses the next', async () => {
    const slots = new IngestionSlots({ maxConcurrent: 2, maxQueued: 1 });
    const first = await slots.acquire();
    const second = await slots.acquire();
    const order: string[] = [];
    const third = slots.acquire().then(release => {
      order.push('third');
      return release;
    });
    await expect(slots.acquire()).rejects.toBeInstanceOf(IngestionBusyError);
    expect(order).toEqual([]);

    first();
    first(); // a second call must not free another slot
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    // Still two running (second, third): the queue is free again, the slots are not.
    const fourth = slots.acquire();
    await expect(slots.acquire()).rejects.toThrow(
      /2 report uploads are being ingested and 1 are waiting/,
    );
    second();
    releaseThird();
    (await fourth)();
    // Everything released: two run at once again without waiting.
    const a = await slots.acquire();
    const b = await slots.acquire();
    a();
    b();
  });

  it('tells the refused upload when to retry', async () => {
    const slots = new IngestionSlots({ maxConcurrent: 1, maxQueued: 0 });
    await slots.acquire();
    const refused = await slots.acquire().catch(error => error);
    expect(refused).toBeInstanceOf(IngestionBusyError);
    expect(refused.name).toBe('ServiceUnavailableError');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  });
});

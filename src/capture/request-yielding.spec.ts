import { localRequestLoad, RequestYielding } from './request-yielding';
import { SharedRequestLoad } from './shared-request-load';

describe('RequestYielding', () => {
  let clock: number;
  let requests: number;
  let utilization: number;
  let yielding: RequestYielding;
  const settings = { enabled: true, busyUtilization: 0.9, maxHoldBackMs: 60_000 };

  const make = (given = settings) =>
    new RequestYielding(
      given,
      localRequestLoad(
        given,
        {
          takeCount: () => {
            const taken = requests;
            requests = 0;
            return taken;
          },
        },
        () => utilization,
      ),
      () => clock,
    );
  /** Whether `whenRoom` has resolved once pending callbacks ran. */
  const settled = async (wait: Promise<void>) => {
    let done = false;
    void wait.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  beforeEach(() => {
    clock = 1_000_000;
    requests = 0;
    utilization = 0;
    yielding = make();
  });
  afterEach(() => yielding.stop());

  it('lets deliveries go at once while the loop has room', async () => {
    requests = 20;
    utilization = 0.5;
    yielding.sample();
    expect(await settled(yielding.whenRoom(clock))).toBe(true);
  });

  it('never holds back in a process that serves no requests, however busy its loop', async () => {
    utilization = 1;
    yielding.sample();
    expect(await settled(yielding.whenRoom(clock))).toBe(true);
  });

  it('holds deliveries while requests keep the loop busy, and lets them go once it has room', async () => {
    requests = 50;
    utilization = 0.95;
    yielding.sample();
    const held = yielding.whenRoom(clock);
    expect(await settled(held)).toBe(false);

    requests = 50;
    clock += 100;
    yielding.sample();
    expect(await settled(held)).toBe(false);

    requests = 10;
    utilization = 0.4;
    clock += 100;
    yielding.sample();
    expect(await settled(held)).toBe(true);
  });

  it('lets a delivery go once it was held back maxHoldBackMs after its job was made, busy or not', async () => {
    requests = 50;
    utilization = 1;
    yielding.sample();
    const queuedAt = clock - 1_000;
    const early = yielding.whenRoom(clock);
    const late = yielding.whenRoom(queuedAt);

    clock = queuedAt + settings.maxHoldBackMs;
    requests = 50;
    yielding.sample();
    expect(await settled(late)).toBe(true);
    expect(await settled(early)).toBe(false);
  });

  it('holds no longer than the wait its caller allows, even when maxHoldBackMs is further off', async () => {
    requests = 50;
    utilization = 1;
    yielding.sample();
    const routing = yielding.whenRoom(clock, 5_000);
    const delivery = yielding.whenRoom(clock);

    clock += 5_000;
    requests = 50;
    yielding.sample();
    expect(await settled(routing)).toBe(true);
    expect(await settled(delivery)).toBe(false);
  });

  it('does not hold a delivery already older than maxHoldBackMs (a retry)', async () => {
    requests = 50;
    utilization = 1;
    yielding.sample();
    expect(await settled(yielding.whenRoom(clock - settings.maxHoldBackMs - 1))).toBe(true);
  });

  it('lets every held delivery go when it stops (shutdown)', async () => {
    requests = 50;
    utilization = 1;
    yielding.sample();
    const held = yielding.whenRoom(clock);
    yielding.stop();
    expect(await settled(held)).toBe(true);
    expect(await settled(yielding.whenRoom(clock))).toBe(true);
  });

  it('counts the busy threshold as given', async () => {
    yielding = make({ ...settings, busyUtilization: 0.6 });
    requests = 5;
    utilization = 0.65;
    yielding.sample();
    expect(await settled(yielding.whenRoom(clock))).toBe(false);
    yielding.stop();
  });

  it('reads the load of another thread when given its shared load: held while that thread is busy, whatever its own loop does', async () => {
    const apiThread = new SharedRequestLoad();
    // What the workers' thread sees: the same memory, as a worker thread receives it.
    const workersThread = new SharedRequestLoad(apiThread.buffer);
    yielding = new RequestYielding(settings, workersThread.read, () => clock);

    apiThread.set(true);
    yielding.sample();
    const held = yielding.whenRoom(clock);
    expect(await settled(held)).toBe(false);

    apiThread.set(false);
    clock += 100;
    yielding.sample();
    expect(await settled(held)).toBe(true);
  });
});

describe('SharedRequestLoad', () => {
  it('is found only in a thread started with one', () => {
    // Jest runs this file on the main thread of its process or of a worker without the library's workerData.
    expect(SharedRequestLoad.ofThisThread()).toBeUndefined();
  });
});

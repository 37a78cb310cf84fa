import { describe, expect, it } from 'vitest';
import type { HostMessage } from '../protocol';
import { HangWatchdog, type WatchedService } from './hang-watchdog';
import type { RoundMember } from './run-rounds';

/** A service whose thread records the pings it is sent and answers them when `answering`. */
function service(name: string, status: RoundMember['status'] = 'running') {
  const pings: number[] = [];
  const watched: WatchedService & { busySince?: number } = {
    manifest: { name },
    status,
    transport: {
      post: (message: HostMessage) => {
        if (message.t === 'ping') pings.push(message.n);
      },
    },
    pingN: 0,
  };
  return { watched, pings };
}

/** A watchdog on a manual real-time clock; `beatFor(ms)` beats every heartbeat for that long. */
function watchdog(timeLimitMs = 2_000, straggling: (s: WatchedService) => boolean = () => false) {
  let time = 0;
  const stopped: [string, string][] = [];
  const said: [string, string][] = [];
  let goneOnWithout = 0;
  const dog = new HangWatchdog<WatchedService>({
    timeLimitMs,
    now: () => time,
    straggling,
    goOnWithout: () => (goneOnWithout += 1),
    say: (s, text) => said.push([s.manifest.name, text]),
    stop: (s, text) => stopped.push([s.manifest.name, text]),
  });
  const beatFor = (ms: number, services: WatchedService[], answer?: () => void): void => {
    for (const end = time + ms; time < end;) {
      time += dog.heartbeatMs;
      dog.beat(services);
      answer?.();
    }
  };
  return {
    dog,
    beatFor,
    stopped,
    said,
    goneOnWithout: () => goneOnWithout,
    wait: (ms: number) => (time += ms),
  };
}

describe('HangWatchdog', () => {
  it('the watchdog stops a service that does not answer for 2 s, with the message the console shows', () => {
    const { beatFor, stopped } = watchdog();
    const { watched: looping, pings } = service('looping');
    // Pinged at the first heartbeat (250 ms); 2 s after that it has not answered yet.
    beatFor(2_250, [looping]);
    expect(pings).toEqual([1]);
    expect(stopped).toEqual([]);
    beatFor(250, [looping]);
    expect(stopped).toEqual([
      [
        'looping',
        'looping did not yield for 2 s (an endless loop?) and was stopped; the other services keep running.',
      ],
    ]);
  });

  it('a service that answers every ping is never stopped', () => {
    const { dog, beatFor, stopped } = watchdog();
    const { watched: alive, pings } = service('alive');
    beatFor(10_000, [alive], () => dog.pong(alive, alive.pingN));
    expect(stopped).toEqual([]);
    expect(pings).toHaveLength(40);
  });

  it('an answer to an older ping does not count', () => {
    const { dog, beatFor, stopped } = watchdog(1_000);
    const { watched: late } = service('late');
    beatFor(250, [late]);
    dog.pong(late, late.pingN - 1);
    beatFor(1_250, [late]);
    expect(stopped.map(([name]) => name)).toEqual(['late']);
  });

  it('a service that answers pings but never settles its work is stopped', () => {
    const { dog, beatFor, stopped } = watchdog();
    const { watched: stuck } = service('stuck');
    stuck.busySince = 0;
    beatFor(2_250, [stuck], () => dog.pong(stuck, stuck.pingN));
    expect(stopped.map(([name]) => name)).toEqual(['stuck']);
  });

  it('only running services are pinged: a loading or ended thread is not blamed', () => {
    const { beatFor, stopped } = watchdog();
    const starting = service('starting', 'starting');
    const ended = service('ended', 'ended');
    beatFor(5_000, [starting.watched, ended.watched]);
    expect(starting.pings).toEqual([]);
    expect(ended.pings).toEqual([]);
    expect(stopped).toEqual([]);
  });

  it('a blocked page (a heartbeat far too late) gives every service a fresh window', () => {
    const { beatFor, wait, stopped } = watchdog();
    const { watched } = service('innocent');
    beatFor(250, [watched]);
    // The page itself was busy for 3 s: the pong may be waiting unread behind the heartbeat.
    wait(3_000);
    // The late heartbeat and 2 s after it: without a fresh window it would have gone at once.
    beatFor(2_250, [watched]);
    expect(stopped).toEqual([]);
    // Still no answer: now it is stopped after all.
    beatFor(250, [watched]);
    expect(stopped.map(([name]) => name)).toEqual(['innocent']);
  });

  it("a thread busy past the rounds' patience lets the others go on, said once per run", () => {
    const slow = service('slow').watched;
    const slower = service('slower').watched;
    const { dog, beatFor, said, goneOnWithout } = watchdog(10_000, () => true);
    beatFor(1_000, [slow, slower], () => {
      dog.pong(slow, slow.pingN);
      dog.pong(slower, slower.pingN);
    });
    expect(goneOnWithout()).toBe(8);
    expect(said).toEqual([
      [
        'slow',
        'slow kept its thread busy for over 1 s; the other services go on without waiting for it, so this run may not replay exactly.',
      ],
    ]);
  });

  it('beats more often for a short time limit, never more than every 250 ms', () => {
    expect(watchdog(2_000).dog.heartbeatMs).toBe(250);
    expect(watchdog(400).dog.heartbeatMs).toBe(100);
    expect(watchdog(10).dog.heartbeatMs).toBe(20);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listExercises } from '../catalog';
import type { SandboxRuntime } from '../contract';
import { playbackScheduler, simulatedBroker } from '../host/broker-adapter';
import { inProcessTransport } from '../host/in-process-transport';
import { startRun } from '../host/start-run';
import { loadCheck } from './check-modules';
import { checkExercise, withFiles } from './run-exercise';

/** The host every runtime uses, with each service in this thread: the same runs, no threads. */
const inProcess: SandboxRuntime = {
  name: 'node',
  start: (source, options) =>
    startRun(source, options ?? {}, {
      spawn: () => inProcessTransport(),
      createBroker: simulatedBroker,
      createScheduler: playbackScheduler,
    }),
};

const exercises = listExercises();

describe('every exercise is proved both ways (as learnGitBranching proves its levels)', () => {
  it('there are exercises', () => {
    expect(exercises.length).toBeGreaterThan(0);
  });

  for (const exercise of exercises) {
    const { manifest } = exercise;
    describe(`${manifest.sandbox}/${manifest.name}`, () => {
      it('its lesson exists and ends with a "Try it" that offers it', () => {
        const lesson = join(process.cwd(), 'content', 'lessons', `${manifest.lesson}.mdx`);
        expect(existsSync(lesson), `${lesson} is missing`).toBe(true);
        expect(readFileSync(lesson, 'utf8')).toContain(`<Exercise id="${manifest.name}"`);
      });

      it('the starting code fails its check on at least one declared seed', async () => {
        const check = await loadCheck(manifest.sandbox, manifest.name);
        const { verdict } = await checkExercise({
          runtime: inProcess,
          source: withFiles(exercise.sandbox, exercise.start),
          conditions: manifest.conditions,
          check,
        });
        expect(verdict.passed, verdict.text).toBe(false);
        expect(manifest.conditions.seeds).toContain(verdict.seed);
        // The reason is the check's own words, not a crash of the starting code.
        expect(verdict.text).not.toMatch(/service failed|check itself failed/);
      }, 120_000);

      it('the solution passes on every declared seed', async () => {
        const check = await loadCheck(manifest.sandbox, manifest.name);
        const { verdict } = await checkExercise({
          runtime: inProcess,
          source: withFiles(exercise.sandbox, { ...exercise.start, ...exercise.solution }),
          conditions: manifest.conditions,
          check,
        });
        expect(verdict.text).toMatch(/^Passed on seeds? /);
        expect(verdict.passed).toBe(true);
      }, 120_000);
    });
  }
});

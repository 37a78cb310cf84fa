import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'sucrase';
import type { SandboxSource } from '../contract';
import type { ExerciseManifest } from '../exercises/check-api';
import { listSandboxIds } from './list-sandboxes';
import { loadSandbox, sandboxesRoot, type CatalogOptions } from './load-sandbox';
import { parseExercise } from './parse-exercise';

/** An exercise as the page, the CLI and the tests receive it. */
export interface ExerciseSource {
  readonly manifest: ExerciseManifest;
  /** The sandbox it starts from, unchanged. */
  readonly sandbox: SandboxSource;
  /** Files that replace the sandbox's to start the exercise (often none). */
  readonly start: Readonly<Record<string, string>>;
  /** Files that replace the starting ones in the solution. */
  readonly solution: Readonly<Record<string, string>>;
  /** Path of check.ts. */
  readonly checkPath: string;
}

const exerciseName = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Every exercise of every sandbox, validated: a bad exercise.json, a starting or solution file
 * the sandbox does not have, a check.ts that is missing or does not parse, or an exercise name
 * used twice throws an Error starting with the path and the reason.
 */
export function listExercises(options: CatalogOptions = {}): ExerciseSource[] {
  const all: ExerciseSource[] = [];
  const seen = new Map<string, string>();
  for (const id of listSandboxIds(options)) {
    const folder = join(sandboxesRoot(options), id, 'exercises');
    if (!existsSync(folder)) continue;
    const sandbox = loadSandbox(id, options);
    for (const name of readdirSync(folder).sort()) {
      const dir = join(folder, name);
      if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
      if (!exerciseName.test(name)) {
        throw new Error(
          `${dir}: an exercise's folder name must be lower-case letters, digits and dashes`,
        );
      }
      const other = seen.get(name);
      if (other) throw new Error(`${dir}: exercise "${name}" already exists in ${other}`);
      seen.set(name, dir);
      all.push(loadExerciseFolder(dir, name, sandbox));
    }
  }
  return all;
}

/** One exercise by name (`npm run exercises -- check <name>`); throws if there is none. */
export function loadExercise(name: string, options: CatalogOptions = {}): ExerciseSource {
  const found = listExercises(options).find((exercise) => exercise.manifest.name === name);
  if (!found) throw new Error(`no exercise named "${name}" (see sandboxes/<id>/exercises/)`);
  return found;
}

function loadExerciseFolder(dir: string, name: string, sandbox: SandboxSource): ExerciseSource {
  const manifestPath = join(dir, 'exercise.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: file is missing`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`${manifestPath}: not valid JSON (${(error as Error).message})`);
  }
  const manifest = parseExercise(json, { name, sandbox: sandbox.manifest.id, path: manifestPath });
  const checkPath = join(dir, 'check.ts');
  if (!existsSync(checkPath))
    throw new Error(`${checkPath}: file is missing (every exercise has a check)`);
  compileCheck(checkPath);
  const start = sandboxFiles(
    dir,
    sandbox,
    (file) => file !== 'check.ts' && file !== 'exercise.json',
  );
  const solutionDir = join(dir, 'solution');
  if (!existsSync(solutionDir))
    throw new Error(`${solutionDir}: folder is missing (every exercise has a solution)`);
  const solution = sandboxFiles(solutionDir, sandbox, () => true);
  if (Object.keys(solution).length === 0) {
    throw new Error(`${solutionDir}: holds no file; put the solved sandbox files here`);
  }
  return { manifest, sandbox, start, solution, checkPath };
}

/** The files of a folder, each of which must replace a file the sandbox has. */
function sandboxFiles(
  dir: string,
  sandbox: SandboxSource,
  include: (file: string) => boolean,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    if (file.startsWith('.') || !statSync(path).isFile() || !include(file)) continue;
    if (!Object.hasOwn(sandbox.files, file)) {
      throw new Error(
        `${path}: sandbox "${sandbox.manifest.id}" has no file "${file}" (starting and solution files replace the sandbox's own)`,
      );
    }
    files[file] = readFileSync(path, 'utf8');
  }
  return files;
}

/** Fails with the path, line and reason when check.ts does not parse or exports no default. */
function compileCheck(path: string): void {
  const text = readFileSync(path, 'utf8');
  try {
    transform(text, { transforms: ['typescript', 'imports'], filePath: path });
  } catch (error) {
    throw new Error(`${path}: the check does not compile: ${(error as Error).message}`);
  }
  if (!/export\s+default\s/.test(text)) {
    throw new Error(`${path}: the check has no default export (export default check;)`);
  }
}

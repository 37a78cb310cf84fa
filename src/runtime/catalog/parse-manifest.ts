import type { SandboxManifest, SandboxModel, ServiceManifest } from '../contract';
import { checkFileName } from '../sandbox-file-name';
import { brokerModels } from '../../broker';

/** Every registered broker model, and `none` for a sandbox that uses no broker. */
const models: readonly SandboxModel[] = [...brokerModels.map((model) => model.name), 'none'];
const manifestKeys = new Set([
  'id',
  'title',
  'description',
  'model',
  'services',
  'open',
  'skipIdle',
]);
const serviceKeys = new Set(['name', 'file', 'startDelayMs']);
const serviceNamePattern = /^[a-z][a-z0-9-]*$/;

/** What {@link parseManifest} checks the manifest against. */
export interface ManifestContext {
  /** The folder name, which the manifest's `id` must equal. */
  readonly folder: string;
  /** Path of the manifest, named in every error. */
  readonly path: string;
  /** Every file present in the sandbox folder (beside sandbox.json). */
  readonly files: readonly string[];
}

/**
 * Validates a parsed `sandbox.json` and returns it typed, or throws an Error naming the
 * manifest's path and what is wrong, so a trainer's typo fails the build with a clear reason.
 *
 * @example
 * parseManifest(JSON.parse(text), { folder: 'registration', path, files: ['email-service.ts'] });
 */
export function parseManifest(json: unknown, context: ManifestContext): SandboxManifest {
  const fail = (reason: string): never => {
    throw new Error(`${context.path}: ${reason}`);
  };
  if (!isRecord(json)) return fail('the manifest must be a JSON object');
  // Every file reaches the browser as a sandbox file: the same name rule as share links and
  // saved edits, so the island never drops a file the build accepted.
  for (const file of context.files) {
    const checked = checkFileName(file);
    if (!checked.ok) fail(`${checked.message} (every file beside sandbox.json is a sandbox file)`);
  }
  for (const key of Object.keys(json)) {
    if (!manifestKeys.has(key)) {
      fail(`unknown field "${key}" (allowed: ${[...manifestKeys].join(', ')})`);
    }
  }
  const id = requireString(json, 'id', fail);
  if (id !== context.folder) {
    fail(`"id" is "${id}" but the folder is named "${context.folder}"; they must be equal`);
  }
  const title = requireString(json, 'title', fail);
  const description = requireString(json, 'description', fail);
  // The /play/ page uses it as its meta description, which Starlight's schema caps at 200
  // characters (content-pipeline/lesson-schema.ts): fail here, naming the manifest.
  if (description.length > maxDescription) {
    fail(`"description" is ${description.length} characters; at most ${maxDescription}`);
  }
  const model = json['model'];
  if (typeof model !== 'string' || !models.includes(model)) {
    fail(`"model" must be one of ${models.map((m) => `"${m}"`).join(', ')}`);
  }
  const rawServices = json['services'];
  if (!Array.isArray(rawServices) || rawServices.length === 0) {
    fail('"services" must be a non-empty array of { name, file }');
  }
  const services = (rawServices as unknown[]).map((raw, index) =>
    parseService(raw, `services[${index}]`, context, fail),
  );
  const seen = new Set<string>();
  for (const service of services) {
    if (seen.has(service.name)) fail(`two services are named "${service.name}"`);
    seen.add(service.name);
  }
  const open = parseOpen(json['open'], services, context, fail);
  const skipIdle = json['skipIdle'];
  if (skipIdle !== undefined && typeof skipIdle !== 'boolean') {
    fail('"skipIdle" must be true or false');
  }
  return {
    id,
    title,
    description,
    model: model as SandboxModel,
    services,
    open,
    ...(skipIdle === true ? { skipIdle } : {}),
  };
}

/** The longest description a page's meta description takes. */
const maxDescription = 200;

function parseService(
  raw: unknown,
  where: string,
  context: ManifestContext,
  fail: (reason: string) => never,
): ServiceManifest {
  if (!isRecord(raw)) return fail(`${where} must be an object with "name" and "file"`);
  for (const key of Object.keys(raw)) {
    if (!serviceKeys.has(key)) {
      fail(`${where} has unknown field "${key}" (allowed: ${[...serviceKeys].join(', ')})`);
    }
  }
  const name = raw['name'];
  if (typeof name !== 'string' || !serviceNamePattern.test(name)) {
    fail(`${where}.name must be lower-case letters, digits and dashes, e.g. "email"`);
  }
  const file = raw['file'];
  if (typeof file !== 'string' || file.trim() === '') fail(`${where}.file must be a file name`);
  if (!file.endsWith('.ts')) fail(`${where}.file "${String(file)}" must be a .ts file`);
  if (!context.files.includes(file)) {
    fail(`${where}.file "${String(file)}" does not exist in the sandbox folder`);
  }
  const delay = raw['startDelayMs'];
  if (delay !== undefined && (typeof delay !== 'number' || !(delay >= 0) || delay > 60_000)) {
    fail(`${where}.startDelayMs must be a number of milliseconds between 0 and 60000`);
  }
  const service = { name: name, file: file };
  return typeof delay === 'number' ? { ...service, startDelayMs: delay } : service;
}

function parseOpen(
  raw: unknown,
  services: readonly ServiceManifest[],
  context: ManifestContext,
  fail: (reason: string) => never,
): readonly string[] {
  if (raw === undefined) return services.map((s) => s.file);
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((f) => typeof f !== 'string')) {
    return fail('"open" must be a non-empty array of file names');
  }
  for (const file of raw as string[]) {
    if (!context.files.includes(file)) fail(`"open" names "${file}", which is not in the folder`);
  }
  return raw as string[];
}

function requireString(
  json: Record<string, unknown>,
  key: string,
  fail: (reason: string) => never,
): string {
  const value = json[key];
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(`"${key}" must be a non-empty string`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

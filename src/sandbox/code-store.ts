import { isSandboxFileName } from '../runtime/sandbox-file-name';

/** File name → source text. */
export type FileMap = Readonly<Record<string, string>>;

const PREFIX = 'eda-sandbox:';

interface StoredEdits {
  readonly v: 1;
  readonly files: FileMap;
  readonly savedAt: number;
}

/**
 * The reader's edits to one sandbox, kept in localStorage so they survive reloads and
 * browser restarts. Only files that differ from the original are stored, so a later fix
 * to an untouched file still reaches the reader.
 */
export class CodeStore {
  readonly #key: string;
  readonly #original: FileMap;
  readonly #storage: Storage | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: FileMap | undefined;

  constructor(id: string, original: FileMap, storage: Storage | undefined = safeLocalStorage()) {
    this.#key = PREFIX + id;
    this.#original = original;
    this.#storage = storage;
  }

  /** The saved edits merged over the original, or undefined when nothing is saved. */
  load(): FileMap | undefined {
    const raw = this.#read();
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredEdits>;
      if (parsed.v !== 1 || typeof parsed.files !== 'object' || parsed.files === null) {
        return undefined;
      }
      const merged = copyFiles(this.#original);
      for (const [name, text] of Object.entries(parsed.files)) {
        // Only the sandbox's own files, by the one file-name rule: a file it no longer has is
        // dropped rather than resurrected, and a name like "toString" (which `in` finds on
        // every object) never becomes an extra file that survives reloads.
        if (isSandboxFileName(name) && Object.hasOwn(merged, name) && typeof text === 'string') {
          merged[name] = text;
        }
      }
      return merged;
    } catch {
      return undefined;
    }
  }

  /** Saves after a short pause, so typing does not write on every key. */
  saveSoon(files: FileMap, delayMs = 400): void {
    this.#pending = files;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), delayMs);
  }

  /** Writes any pending save now (called on pagehide so the last keystrokes are kept). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const files = this.#pending;
    this.#pending = undefined;
    if (files) this.save(files);
  }

  /** Saves at once; an edit equal to the original clears the entry. */
  save(files: FileMap): void {
    const changed = diffFiles(this.#original, files);
    if (Object.keys(changed).length === 0) {
      this.clear();
      return;
    }
    const value: StoredEdits = { v: 1, files: changed, savedAt: Date.now() };
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(value));
    } catch {
      // Quota full or storage disabled: editing still works, it just is not kept.
    }
  }

  /** Forgets the saved edits (and any pending save). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#pending = undefined;
    try {
      this.#storage?.removeItem(this.#key);
    } catch {
      // Storage disabled: nothing to clear.
    }
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(this.#key) ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * The files of `edited` whose text differs from `original`.
 * @example diffFiles({ 'a.ts': '1' }, { 'a.ts': '2' }) // { 'a.ts': '2' }
 */
export function diffFiles(original: FileMap, edited: FileMap): Record<string, string> {
  const changed = Object.create(null) as Record<string, string>;
  for (const [name, text] of Object.entries(edited)) {
    if (!isSandboxFileName(name)) continue;
    if (!Object.hasOwn(original, name) || original[name] !== text) changed[name] = text;
  }
  return changed;
}

/**
 * A copy of a file map with no prototype, keeping only valid file names: the one way the
 * island builds a map it will look names up in.
 * @example copyFiles({ 'a.ts': '1' })['toString'] // undefined
 */
export function copyFiles(files: FileMap): Record<string, string> {
  const copy = Object.create(null) as Record<string, string>;
  for (const [name, text] of Object.entries(files)) {
    if (isSandboxFileName(name) && typeof text === 'string') copy[name] = text;
  }
  return copy;
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Some privacy modes throw on the mere access.
    return undefined;
  }
}

/**
 * The slice of `@webcontainer/api` Node mode uses, so tests can hand in a fake container and
 * the real package is loaded only when Node mode is chosen.
 */
export interface ContainerProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  kill(): void;
}

/** A file tree as `WebContainer.mount()` takes it. */
export interface FileTree {
  [name: string]: { file: { contents: string } } | { directory: FileTree };
}

/** A booted WebContainer, as far as Node mode needs one. */
export interface ContainerLike {
  mount(tree: FileTree): Promise<void>;
  spawn(command: string, args: string[]): Promise<ContainerProcess>;
}

/** The two bundled files of the Node runner (see scripts/run-sandbox.mjs --build). */
export interface RunnerFiles {
  readonly 'cli.mjs': string;
  readonly 'thread-entry.mjs': string;
}

/** Served by `clientTypings()` (client-typings-plugin.ts): the editor's declaration files. */
declare module 'virtual:eda-client-typings' {
  const files: readonly { readonly path: string; readonly text: string }[];
  export default files;
}

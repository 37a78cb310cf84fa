// Vite config for the runtime harness only: no hot reload, so other folders changing while a
// scenario runs do not reload the page under it. `vite build` + `vite preview` with this config
// tries the production bundle (minified worker) the same way.
export default {
  root: process.cwd(),
  server: { hmr: false, watch: null, port: 4410, strictPort: true },
  preview: { port: 4410, strictPort: true },
  logLevel: 'warn',
  build: {
    outDir: 'node_modules/.cache/runtime-harness-dist',
    emptyOutDir: true,
    rollupOptions: { input: 'tests/runtime-harness/index.html' },
  },
  worker: { format: 'es' },
};

// Vite config for the runtime harness only: no hot reload, so other folders changing while a
// scenario runs do not reload the page under it.
export default {
  root: process.cwd(),
  server: { hmr: false, watch: null, port: 4410, strictPort: true },
  logLevel: 'warn',
};

// The Chromium everything here drives (build-time diagrams, browser tests, bench): Debian's
// (or EDA_CHROMIUM_PATH), with the flags that keep it from reaching for Google's hosts (which
// this machine refuses, and an offline site must not need) and from adding background noise.

/** Path of the Chromium binary. */
export const chromiumPath = process.env.EDA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Command-line flags for a quiet, offline, headless Chromium. */
export const quietChromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// The browser every bench section drives: Debian's Chromium (or EDA_CHROMIUM_PATH), with what
// would add background noise to a measurement turned off.

/** Path of the Chromium binary. */
export const chromiumPath = process.env.EDA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Command-line flags for a quiet, offline, headless measurement. */
export const quietChromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

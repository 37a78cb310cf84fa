/**
 * Whether Node mode may be offered: WebContainers need a cross-origin isolated page
 * (COOP same-origin + COEP require-corp or credentialless). Kept in its own dependency-free
 * file so the sandbox island can ask this up front without loading the runtime itself.
 */
export function webContainerSupported(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

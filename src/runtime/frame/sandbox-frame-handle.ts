import { connectMessage } from './frame-protocol';

/**
 * The page's handle on one sandbox frame: an `<iframe sandbox="allow-scripts">` (an opaque
 * origin: none of the site's storage, cookies or DOM) whose document starts the run worker,
 * and the two ports the page talks to it through. Removing the iframe ends everything in it,
 * however busy: that is how Stop always works.
 */
export class SandboxFrameHandle {
  readonly run: MessagePort;
  readonly control: MessagePort;
  private readonly iframe: HTMLIFrameElement;
  private removed = false;

  constructor(url: string, onNavigatedAway: () => void) {
    const runChannel = new MessageChannel();
    const controlChannel = new MessageChannel();
    this.run = runChannel.port1;
    this.control = controlChannel.port1;
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.title = 'Sandbox runner';
    iframe.className = 'eda-sandbox-frame';
    // Out of sight but not display:none, so the browser treats its timers as a live frame's.
    iframe.style.cssText =
      'position:fixed;width:1px;height:1px;left:-10px;top:-10px;border:0;opacity:0;pointer-events:none';
    let loads = 0;
    iframe.addEventListener('load', () => {
      loads += 1;
      if (loads === 1) {
        iframe.contentWindow?.postMessage(connectMessage, '*', [
          controlChannel.port2,
          runChannel.port2,
        ]);
      } else {
        // Our document never navigates; a frame that did is no longer ours.
        onNavigatedAway();
      }
    });
    iframe.src = url;
    this.iframe = iframe;
    document.body.append(iframe);
  }

  /** Ends the frame and everything running in it, at once. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.run.onmessage = null;
    this.control.onmessage = null;
    this.run.close();
    this.control.close();
    this.iframe.remove();
  }
}

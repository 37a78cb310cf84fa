import type { TraceKind } from '../../broker/core/trace-event';

/** How a hop looks in the figure: the dot's class, its shape and a word for hover and legend. */
export interface EventStyle {
  /** CSS class on the dot (colour). */
  readonly tone: 'flow' | 'ack' | 'lost' | 'dead' | 'retry' | 'expired' | 'fault' | 'meta';
  readonly shape: 'circle' | 'ring' | 'cross' | 'square' | 'diamond' | 'tick';
  /** What hover/focus says, e.g. `dropped`. */
  readonly label: string;
}

const styles: Readonly<Record<TraceKind, EventStyle>> = {
  connected: { tone: 'meta', shape: 'circle', label: 'connected' },
  disconnected: { tone: 'meta', shape: 'circle', label: 'disconnected' },
  declared: { tone: 'meta', shape: 'circle', label: 'declared' },
  published: { tone: 'flow', shape: 'circle', label: 'published' },
  routed: { tone: 'flow', shape: 'circle', label: 'routed' },
  delivered: { tone: 'flow', shape: 'circle', label: 'delivered' },
  redelivered: { tone: 'retry', shape: 'ring', label: 'redelivered' },
  acked: { tone: 'ack', shape: 'tick', label: 'acked' },
  nacked: { tone: 'retry', shape: 'diamond', label: 'nacked' },
  requeued: { tone: 'retry', shape: 'ring', label: 'requeued' },
  returned: { tone: 'lost', shape: 'diamond', label: 'returned to publisher' },
  'dead-lettered': { tone: 'dead', shape: 'square', label: 'dead-lettered' },
  dropped: { tone: 'lost', shape: 'cross', label: 'dropped' },
  expired: { tone: 'expired', shape: 'cross', label: 'expired' },
  duplicated: { tone: 'fault', shape: 'diamond', label: 'duplicated' },
  delayed: { tone: 'fault', shape: 'circle', label: 'delayed' },
  committed: { tone: 'ack', shape: 'tick', label: 'offset committed' },
  rebalanced: { tone: 'meta', shape: 'diamond', label: 'rebalanced' },
  crashed: { tone: 'lost', shape: 'cross', label: 'crashed' },
  restarted: { tone: 'meta', shape: 'circle', label: 'restarted' },
};

/** The look of one trace kind; unknown kinds (a newer broker) fall back to a plain dot. */
export function eventStyle(kind: TraceKind): EventStyle {
  return styles[kind] ?? { tone: 'flow', shape: 'circle', label: String(kind) };
}

/** Kinds where the message ends its journey at the source instead of moving (shown in place). */
export function endsInPlace(kind: TraceKind): boolean {
  return kind === 'dropped' || kind === 'expired' || kind === 'crashed';
}

/** The legend under the figure: one entry per look that means something different. */
export const legendEntries: readonly { readonly kind: TraceKind; readonly text: string }[] = [
  { kind: 'delivered', text: 'message on its way' },
  { kind: 'acked', text: 'ack / commit' },
  { kind: 'redelivered', text: 'redelivered / requeued' },
  { kind: 'duplicated', text: 'duplicated (fault)' },
  { kind: 'dead-lettered', text: 'dead-lettered' },
  { kind: 'dropped', text: 'dropped (lost)' },
  { kind: 'expired', text: 'expired (TTL)' },
];

/** SVG path data of each shape, drawn in a 16×16 box centred on 0,0 (dots, badges, legend). */
export const shapePaths: Readonly<Record<EventStyle['shape'], string>> = {
  circle: 'M-5 0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0',
  ring: 'M-6 0a6 6 0 1 0 12 0a6 6 0 1 0 -12 0',
  cross: 'M-5 -5L5 5M5 -5L-5 5',
  square: 'M-5 -5h10v10h-10z',
  diamond: 'M0 -6L6 0L0 6L-6 0z',
  tick: 'M-5 0L-1.5 4L5 -4',
};

import { holdsMessages } from '../../broker/core/endpoint';
import { s, setText } from './dom';
import type { NodeCounters } from './flow-counters';
import type { FlowNode } from './flow-graph';
import type { PlacedNode } from './flow-layout';
import { NodeBadges } from './node-badges';
import { accessibleName, type NodeDescription } from './node-description';

/** One drawn box and the parts of it that change as counters move. */
export interface NodeBox {
  readonly g: SVGGElement;
  /** What carries the accessible name: the box's button for services, the node otherwise. */
  readonly labelled: SVGGElement;
  readonly count: SVGTextElement;
  readonly title: SVGTitleElement;
  readonly slots: SVGRectElement[];
  readonly badges: NodeBadges;
}

/** Cells in the slot bar of a box that holds messages (unacked, then ready). */
const slotCount = 10;

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Keep a trailing "#2" (a second client with the same id, after a restart): cut the middle
  // instead, so two boxes never read the same.
  const suffix = /#\d+$/.exec(text)?.[0];
  if (suffix) return `${text.slice(0, max - suffix.length - 1)}…${suffix}`;
  return `${text.slice(0, max - 1)}…`;
}

/**
 * Draws one node: its shape by role, label, counter line, slot bar (for nodes that hold
 * messages) and badge corner. Service boxes are buttons that call `onSelectService`; the others
 * are images named by their counters.
 */
export function drawNodeBox(
  placed: PlacedNode,
  onSelectService: (service: string) => void,
): NodeBox {
  const { node, width: w, height: hgt } = placed;
  const clickable = node.role === 'service';
  const g = s('g', {
    class: `node role-${node.role}${clickable ? ' clickable' : ''}`,
    transform: `translate(${placed.x} ${placed.y})`,
    role: clickable ? undefined : 'img',
  });
  // A service box is a button whose name carries its counters; its visible texts sit beside
  // it, hidden from assistive tech, so the name is not tied to the exact drawn words.
  const labelled = clickable ? s('g', { class: 'hit', role: 'button', tabindex: 0 }) : g;
  const deco = clickable ? s('g', { class: 'deco', 'aria-hidden': 'true' }) : g;
  const title = s('title');
  labelled.append(title, boxShape(node, w, hgt));
  if (clickable) g.append(labelled, deco);
  deco.append(s('text', { class: 'label', x: -w / 2 + 10, y: -5 }, truncate(node.label, 17)));
  const count = s('text', { class: 'count', x: -w / 2 + 10, y: 11 });
  deco.append(count);
  const slots: SVGRectElement[] = [];
  if (holdsMessages(node.role)) {
    const slotWidth = (w - 20 - (slotCount - 1) * 2) / slotCount;
    for (let i = 0; i < slotCount; i++) {
      const slot = s('rect', {
        class: 'slot',
        x: -w / 2 + 10 + i * (slotWidth + 2),
        y: hgt / 2 - 9,
        width: slotWidth,
        height: 4,
        rx: 1,
      });
      slots.push(slot);
      deco.append(slot);
    }
  }
  const badges = s('g', { transform: `translate(${w / 2} ${-hgt / 2})` });
  deco.append(badges);
  if (clickable) {
    const activate = (): void => onSelectService(node.id);
    labelled.addEventListener('click', activate);
    labelled.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        activate();
      }
    });
  }
  return { g, labelled, count, title, slots, badges: new NodeBadges(badges) };
}

/** Brings one box up to date: counter line, name, tooltip, state, slot bar and badges. */
export function updateNodeBox(
  box: NodeBox,
  node: FlowNode,
  c: NodeCounters,
  description: NodeDescription,
): void {
  setText(box.count, description.line);
  box.count.classList.toggle('bad', node.state === 'crashed');
  const label = accessibleName(node, description);
  if (box.labelled.getAttribute('aria-label') !== label) {
    box.labelled.setAttribute('aria-label', label);
  }
  setText(box.title, description.full);
  box.g.classList.toggle('state-crashed', node.state === 'crashed');
  box.g.classList.toggle('state-offline', node.state === 'offline');
  if (box.slots.length) {
    const ready = node.role === 'partition' ? 0 : c.ready;
    box.slots.forEach((slot, i) => {
      const cls = i < c.unacked ? 'slot unacked' : i < c.unacked + ready ? 'slot ready' : 'slot';
      if (slot.getAttribute('class') !== cls) slot.setAttribute('class', cls);
    });
  }
  box.badges.update(c);
}

function boxShape(node: FlowNode, w: number, hgt: number): SVGElement {
  const x = -w / 2;
  const y = -hgt / 2;
  switch (node.role) {
    case 'exchange': {
      const c = 12;
      const points = [
        [x + c, y],
        [-x - c, y],
        [-x, 0],
        [-x - c, -y],
        [x + c, -y],
        [x, 0],
      ]
        .map(([px, py]) => `${px},${py}`)
        .join(' ');
      return s('polygon', { class: 'box', points });
    }
    case 'channel':
    case 'pattern':
    case 'subject':
      return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: hgt / 2 });
    case 'service':
      return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 10 });
    case 'group':
      return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 14 });
    default:
      return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 4 });
  }
}

import { describe, expect, it } from 'vitest';
import { describeDiagram } from './remark-mermaid-diagrams';

describe('describeDiagram', () => {
  it('prefers the accessible title the author gave', () => {
    expect(describeDiagram('flowchart LR\n accTitle: Orders fan out\n A --> B')).toBe(
      'Orders fan out',
    );
  });

  it('names a flowchart by the labels it shows', () => {
    const source = 'flowchart LR\n  U["User service"] --> B[Broker]\n  B --> E["Email service"]';
    expect(describeDiagram(source)).toBe('Diagram: User service, Email service, Broker');
  });

  it('names a sequence diagram by its participants', () => {
    const source = 'sequenceDiagram\n  participant O as Order service\n  participant B as Billing';
    expect(describeDiagram(source)).toBe('Sequence diagram: Order service, Billing');
  });
});

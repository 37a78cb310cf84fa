/**
 * The event-flow view of a sandbox: `<eda-flow-panel>` (figure, event log, time controls,
 * faults) plus the framework-free logic it is built on. Importing this module defines the
 * custom element.
 */
import { EdaFlowPanelElement } from './flow-panel-element';

export { EdaFlowPanelElement, type FlowRunOptions } from './flow-panel-element';
export {
  parseEndpoint,
  holdsMessages,
  type Endpoint,
  type EndpointRole,
} from '../../broker/core/endpoint';
export { FlowGraph, eventPath, backwardKinds, type FlowNode, type FlowEdge } from './flow-graph';
export {
  layoutFlow,
  nodeLayer,
  roleLayer,
  layoutMetrics,
  pointOnCurve,
  edgePathData,
  type FlowLayout,
  type PlacedNode,
  type PlacedEdge,
  type Point,
} from './flow-layout';
export {
  FlowCounters,
  type NodeCounters,
  type PartitionLag,
  type FlowTotals,
} from './flow-counters';
export { FlowModel, flowStateAt, replayDelay } from './flow-model';
export { MessagePaths } from './message-paths';
export {
  TraceStore,
  traceStoreCapacity,
  matchesFilter,
  servicesOf,
  type TraceFilter,
} from './trace-store';
export {
  defaultFaultPreferences,
  toFaultSettings,
  faultStorageKey,
  parseFaultPreferences,
  loadFaultPreferences,
  saveFaultPreferences,
  type FaultPreferences,
  type FaultSwitch,
  type KeyValueStorage,
} from './fault-preferences';
export { eventStyle, endsInPlace, legendEntries, type EventStyle } from './event-style';
export { speedSteps, formatSpeed, type TimeMode } from './time-controls';
export { maxDots } from './dot-animation';

/** The tag name `<eda-flow-panel>` is registered under. */
export const flowPanelTag = 'eda-flow-panel';

if (typeof customElements !== 'undefined' && !customElements.get(flowPanelTag)) {
  customElements.define(flowPanelTag, EdaFlowPanelElement);
}
export { createSyntheticTrace, type SyntheticTraceOptions } from './synthetic-trace';

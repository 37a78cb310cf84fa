/** Where progress is kept, and the event that says it changed: shared by every progress reader. */
export const progressKey = 'eda-progress';
/** Fired on `window` when progress changes in this page (the sidebar and lists follow it). */
export const progressEvent = 'eda-progress-change';

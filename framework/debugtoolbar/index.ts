/** `pyramid-ts/debugtoolbar`, as `pyramid_debugtoolbar`: the debug toolbar and the exception page. */
export { includeme } from './includeme';
export { toolbarTweenFactory, TWEEN_NAME } from './tween';
export { DebugPanel, type PanelClass } from './panel';
export { DebugToolbar, activeToolbar, toolbarOf, type QueryRecord, type ToolbarLogRecord, type ViewRecord, type RenderingRecord } from './toolbar';
export { reportQuery, queriesWatched } from './queries';
export { parseToolbarSettings, type ToolbarSettings } from './settings';
export { escapeHtml, repr, table, grid, section } from './html';
export { BUILTIN_PANELS } from './panels';

/** The engine's public surface: text in, findings (and later renderings) out. No LSP, no VS Code, no file system. */
export { checkFile, invalidUtf8Finding } from './check';
export { fixFile, isSoundFix, type FixResult } from './fix';
export { analyzeFile, defaultMaxFileSize, Workspace, type SourceFile, type WorkspaceHost } from './workspace';
export { ruleDescriptions, rules } from './rules/registry';
export type { Rule } from './rules/rule';
export * from './types';
export { editorSchemaText } from './editor/schemas';
export { documentAt, embeddedConfigAt, isolatedText } from './editor/documentAt';
export { isMonitoringKind, servedKind, type MonitoringKind } from './classify';
export { annotationCompletions, type AnnotationCompletion } from './editor/annotationCompletion';
export { definitionAt } from './editor/definition';
export type { Place } from './editor/places';
export { referencesAt } from './editor/references';
export { selectorHover } from './editor/selectorHover';
export { renderAgent, renderAllAgents, printRendering, printConfigs, type Rendering, type KubernetesObject, type AgentEntry } from './render';
export { previewAt, type Preview } from './editor/preview';
export { whoRunsHover } from './editor/whoRuns';
export { previewTargets, type PreviewTarget } from './editor/previewTargets';

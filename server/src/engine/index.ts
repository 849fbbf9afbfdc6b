/** The engine's public surface: text in, findings (and later renderings) out. No LSP, no VS Code, no file system. */
export { checkFile, invalidUtf8Finding } from './check';
export { fixFile, isSoundFix, type FixResult } from './fix';
export { analyzeFile, defaultMaxFileSize, Workspace, type HostFile, type SourceFile, type WorkspaceHost } from './workspace';
export { fileNotRead, fileNotWritten, fileTooLarge, nestingTooDeep, ruleDescriptions, ruleFailed, rules } from './rules/registry';
export type { Rule } from './rules/rule';
export * from './types';
export { editorSchemaText } from './editor/schemas';
export { documentAt, embeddedConfigAt, isolatedText } from './editor/documentAt';
export { servedKind } from './rules/crd/validate';
export { isMonitoringKind, type MonitoringKind } from './classify';
export { annotationCompletions, definitionAt, referencesAt, selectorHover, type AnnotationCompletion, type Place } from './navigation';
export { renderAgent, renderAllAgents, printRendering, printConfigs, type Rendering, type KubernetesObject, type AgentEntry } from './render';
export { previewAt, type Preview } from './editor/preview';
export { previewTargets, type PreviewTarget } from './editor/previewTargets';

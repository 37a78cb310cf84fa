/** Build-time content pipeline: lesson catalog, frontmatter schema, diagram and link checks. */
export { readLessonCatalog, type LessonEntry } from './lesson-catalog';
export { lessonFields } from './lesson-schema';
export { createDiagramRenderer, findChromium, type DiagramRenderer } from './diagram-renderer';
export { remarkMermaidDiagrams, describeDiagram } from './remark-mermaid-diagrams';
export { remarkLessonLinks, lessonSlugOf } from './remark-lesson-links';
export { diagramFallback } from './diagram-fallback';
export { basePath, contentDir, lessonsDir, sandboxesDir } from './site-paths';

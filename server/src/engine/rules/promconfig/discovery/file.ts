import { goQuote, spanOf } from '../goYaml';
import type { SdCheck } from './sd';

/** discovery/file: at least one file, each named .json, .yml or .yaml, with one `*` at most, in the last segment. */
const filePattern = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

export const fileChecks: Record<string, SdCheck> = {
  file(entry) {
    const files = entry.view.items('files');
    if (files.length === 0) return entry.report('files', 'file service discovery config must contain at least one path name');
    // Each bad name is reported: Go stops at the first, and the next one is what it would say once that is fixed.
    entry.view.texts('files').forEach((file, index) => {
      const span = spanOf(files[index]) ?? entry.view.spanFor('files');
      if (!filePattern.test(file)) entry.unit.report({ span, message: `path name ${goQuote(file)} is not valid for file discovery` });
    });
  },
};

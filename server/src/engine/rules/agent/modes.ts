import { locate } from '../../yaml/locate';
import { documentSchema } from '../crd/schemas';
import { fieldReleases } from '../../model/operatorReleases';
import { releaseNote } from '../crd/validate';
import type { Rule } from '../rule';
import { isAgent, specOf } from './spec';

export const sidecarMode: Rule = {
  id: 'agent/sidecar-mode',
  severity: 'hint',
  docs: '`mode: Sidecar` follows the injection proposal, which no prometheus-operator release implements; with `promagent.sidecarMode` off it is an error, as upstream.',
  appliesTo: (document) => isAgent(document) && specOf(document)!.mode === 'Sidecar',
  check(context) {
    const span = locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value');
    const inUse = documentSchema(context);
    const release = context.options.operator?.version ?? inUse?.release;
    const mode = inUse?.schema?.properties?.spec?.properties?.mode;
    // Releases before v0.75.0 have no mode field: promagent declares it for Sidecar alone.
    const modeField = mode !== undefined && !mode['x-promagent-added-field'];
    const upstream = (mode?.enum ?? []).filter((value) => !mode?.['x-promagent-added-enum']?.includes(value));
    if (context.options.sidecarMode) {
      context.report({
        span,
        message: `mode Sidecar follows the sidecar-injection proposal: prometheus-operator ${release} does not inject agents yet, and its CRD ${modeField ? `accepts only ${upstream.join(' and ')}` : 'has no mode field'}`,
      });
    } else if (modeField) {
      context.report({ span, severity: 'error', message: `spec.mode: Unsupported value: "Sidecar": supported values: ${upstream.map((value) => JSON.stringify(value)).join(', ')}` });
    } else if (inUse) {
      const note = releaseNote(fieldReleases(inUse.kind, ['spec', 'mode'], release), inUse, context.options.operator);
      context.report({ span: locate(context.document.yaml, context.lines, ['spec', 'mode'], 'key'), severity: 'error', message: `unknown field "spec.mode"${note ? `: ${note}` : ''}` });
    }
  },
};

import { isNode } from 'yaml';
import { sidecarAnnotations } from '../../model/sidecarRequest';
import { walkPath } from '../../yaml/documents';
import { renameKey } from '../../yaml/edits';
import type { EditDraft, Rule } from '../rule';
import { annotationPath, annotationSpan, hasPodTemplate, templateOf } from './context';

/** The common prometheus.io convention, and the sidecar annotation each key becomes. */
const conventionKeys: Record<string, string> = {
  'prometheus.io/scrape': sidecarAnnotations.scrape,
  'prometheus.io/path': sidecarAnnotations.path,
  'prometheus.io/port': sidecarAnnotations.port,
};

export const prometheusIoAnnotations: Rule = {
  id: 'sidecar/prometheus-io-annotation',
  severity: 'hint',
  docs: 'The common `prometheus.io/{scrape,path,port}` annotations on a pod while a Sidecar agent exists (and the pod does not set the sidecar key too, nor opts out with either scrape key "false"): the injector reads `prometheus.operator.io/*`. Fix (offered, not applied by `promagent fix`: the pod would leave the other scrape): use the sidecar annotations.',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    // A key whose sidecar counterpart is set too is there for a Prometheus scraping the cluster, on purpose.
    const present = Object.keys(conventionKeys).filter((key) => key in template.annotations && !(conventionKeys[key] in template.annotations));
    // A pod that opts out (prometheus.io/scrape: "false") asks nothing of anyone; one that opts out of injection
    // (prometheus.operator.io/scrape: "false") leaves its prometheus.io/* keys to a Prometheus scraping the cluster.
    const optsOut = ['prometheus.io/scrape', sidecarAnnotations.scrape].some((key) => String(template.annotations[key]) === 'false');
    if (present.length === 0 || optsOut || context.workspace.index.sidecarAgents().length === 0) return;
    const edits = present.flatMap((key) => {
      // A key an alias or a merge key brings in is written elsewhere, and one in an anchored map is shared with its
      // aliases: it is left as it is.
      const path = annotationPath(template, key);
      const steps = walkPath(context.document.yaml.ast.contents, path);
      const shared = steps.slice(0, -1).some((step) => isNode(step.node) && step.node.anchor);
      const pair = steps.length === path.length && !shared ? steps.at(-1)?.pair : undefined;
      const edit = pair ? renameKey(pair, conventionKeys[key], context.text) : undefined;
      return edit ? [edit] : ([] as EditDraft[]);
    });
    for (const key of present) {
      context.report({
        span: annotationSpan(context, template, key, 'key'),
        message: `${key} is read by a Prometheus scraping the cluster, not by the sidecar injector: with a Sidecar agent, use ${conventionKeys[key]}`,
        // Renamed, the pod asks for a sidecar and leaves the scrape that reads prometheus.io/*: a choice, not applied unasked.
        fixes: edits.length ? [{ title: 'Use the sidecar annotations', edits }] : [],
      });
    }
  },
};

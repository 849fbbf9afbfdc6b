import { renameKey } from '../../yaml/edits';
import type { Rule } from '../rule';
import { isPrometheusConfig } from './common';
import type { StructureProblem, StructureProblemKind } from './decode';
import { configUnits } from './units';

/** What go-yaml itself refuses while reading the configuration into Prometheus' structs, in its words. */

function structureRule(kind: StructureProblemKind, id: string, docs: string, fix?: (problem: StructureProblem) => string | undefined): Rule {
  return {
    id,
    severity: 'error',
    docs,
    appliesTo: isPrometheusConfig,
    check(context) {
      for (const unit of configUnits(context)) {
        // Where the YAML itself is broken, the parser's recovery makes up keys (empty ones, a tab-indented key moved to
        // the top): go-yaml reports the syntax error alone, and so does promagent on that line.
        const brokenLines = new Set(unit.yaml.problems.filter((p) => p.isError && p.code !== 'DUPLICATE_KEY').map((p) => unit.lines.position(p.span.start).line));
        for (const problem of unit.decoded.problems) {
          if (problem.kind !== kind || brokenLines.has(unit.lines.position(problem.span.start).line)) continue;
          const name = fix?.(problem);
          const edit = name && problem.pair ? renameKey(problem.pair, name, unit.text) : undefined;
          unit.report({
            span: problem.span,
            message: problem.message,
            // An unknown key's message quotes only the key it suggests, a name of Prometheus' structs: no Secret's value.
            quotesNoValue: kind === 'unknown-key',
            keyReleases: problem.releases,
            fixes: edit ? [{ title: `Rename to ${name}`, edits: [edit], preferred: true }] : [],
          });
        }
      }
    },
  };
}

export const unknownKey = structureRule('unknown-key', 'promconfig/unknown-key',
  'A key Prometheus does not know (`field K not found in type T`), with did-you-mean and a rename fix.', (problem) => problem.rename);

export const keyVersion = structureRule('key-version', 'promconfig/key-version',
  'A key the target Prometheus version does not have yet (or any more): the error names the release that added (removed) it. Where nothing tells which release runs the configuration (no image tag, no "# promagent: agent v3.5.0" line, no --prometheus-version), its keys date it, and this is said only where no release takes them all.',
  (problem) => problem.rename);

export const wrongType = structureRule('type', 'promconfig/type',
  'A value of the wrong YAML type for its Go field (`cannot unmarshal !!str `abc` into uint`).');

export const duplicateKey = structureRule('duplicate-key', 'promconfig/duplicate-key',
  'The same key twice in one mapping (`field K already set in type T`, `key "K" already set in map`).');

export const nullEntry = structureRule('null-entry', 'promconfig/null-entry',
  'An empty list entry (a `-` alone) where Prometheus refuses one (`empty or null scrape config section`).');

export const structureRules: Rule[] = [unknownKey, keyVersion, wrongType, duplicateKey, nullEntry];

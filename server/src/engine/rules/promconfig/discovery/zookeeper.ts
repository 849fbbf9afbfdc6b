import { spanOf } from '../goYaml';
import type { SdCheck } from './sd';

/** discovery/zookeeper: serverset_sd and nerve_sd need servers and paths that start with `/`. */
function zookeeper(name: string): SdCheck {
  return (entry) => {
    if (entry.count('servers') === 0) return entry.report('servers', `${name} SD config must contain at least one Zookeeper server`);
    if (entry.count('paths') === 0) return entry.report('paths', `${name} SD config must contain at least one path`);
    const paths = entry.view.items('paths');
    const bad = entry.view.texts('paths').findIndex((path) => !path.startsWith('/'));
    if (bad >= 0) {
      const span = spanOf(paths[bad]) ?? entry.view.spanFor('paths');
      entry.unit.report({ span, message: `${name} SD config paths must begin with '/': ${entry.view.texts('paths')[bad]}` });
    }
  };
}

export const zookeeperChecks: Record<string, SdCheck> = { serverset: zookeeper('serverset'), nerve: zookeeper('nerve') };

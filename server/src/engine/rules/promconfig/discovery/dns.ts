import type { SdCheck } from './sd';

/** discovery/dns: names, a known record type, a port for every type but SRV (NS since v2.49). */
export const dnsChecks: Record<string, SdCheck> = {
  dns(entry) {
    if (entry.count('names') === 0) return entry.report('names', 'DNS-SD config must contain at least one SRV record name');
    const type = entry.text('type', 'SRV');
    const withPort = entry.since('v2.49.0') ? ['A', 'AAAA', 'MX', 'NS'] : ['A', 'AAAA', 'MX'];
    if (type.toUpperCase() === 'SRV') return;
    if (!withPort.includes(type.toUpperCase())) return entry.report('type', `invalid DNS-SD records type ${type}`);
    if (entry.number('port', 0) === 0) return entry.report('type', 'a port is required in DNS-SD configs for all record types except SRV');
  },
};

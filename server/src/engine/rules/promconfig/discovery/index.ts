import type { Rule } from '../../rule';
import { isPrometheusConfig, sectionsNamed } from '../common';
import { sdSectionName } from '../model';
import { configUnits } from '../units';
import { awsChecks } from './aws';
import { azureChecks } from './azure';
import { consulChecks } from './consul';
import { digitaloceanChecks } from './digitalocean';
import { dnsChecks } from './dns';
import { eurekaChecks } from './eureka';
import { fileChecks } from './file';
import { gceChecks } from './gce';
import { hetznerChecks } from './hetzner';
import { httpChecks } from './http';
import { ionosChecks } from './ionos';
import { kubernetesChecks } from './kubernetes';
import { marathonChecks } from './marathon';
import { mobyChecks } from './moby';
import { nomadChecks } from './nomad';
import { ociChecks } from './oci';
import { openstackChecks } from './openstack';
import { outscaleChecks } from './outscale';
import { ovhcloudChecks } from './ovhcloud';
import { scalewayChecks } from './scaleway';
import { SdEntry, type SdCheck } from './sd';
import { stackitChecks } from './stackit';
import { tritonChecks } from './triton';
import { uyuniChecks } from './uyuni';
import { xdsChecks } from './xds';
import { zookeeperChecks } from './zookeeper';

/**
 * The checks each service discovery's UnmarshalYAML makes while the configuration is read, by `<name>_sd_configs`
 * name, one file per Go package. linode, vultr and the AWS discoveries other than ec2 and aws check nothing of their
 * own (their HTTP client is promconfig/http-client's).
 */
const checks: Record<string, SdCheck> = {
  ...awsChecks, ...azureChecks, ...consulChecks, ...digitaloceanChecks, ...dnsChecks, ...eurekaChecks, ...fileChecks, ...gceChecks,
  ...hetznerChecks, ...httpChecks, ...ionosChecks, ...kubernetesChecks, ...marathonChecks, ...mobyChecks, ...nomadChecks, ...ociChecks,
  ...openstackChecks, ...outscaleChecks, ...ovhcloudChecks, ...scalewayChecks, ...stackitChecks, ...tritonChecks, ...uyuniChecks,
  ...xdsChecks, ...zookeeperChecks,
};

export const serviceDiscovery: Rule = {
  id: 'promconfig/service-discovery',
  severity: 'error',
  docs: 'Service-discovery settings their SD refuses while the configuration is read, in its words: required fields, unknown roles and types, settings that exclude each other, URLs, file_sd paths, kubernetes_sd selectors.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const [name, check] of Object.entries(checks)) {
        for (const section of sectionsNamed(unit, sdSectionName(name))) check(new SdEntry(unit, section.view));
      }
    }
  },
};

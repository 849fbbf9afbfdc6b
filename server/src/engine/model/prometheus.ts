import { atLeast, parseVersion } from '../util/version';


/** v3 turned agent mode from the feature flag `--enable-feature=agent` into the flag `--agent`. */
export const isV3 = (version: string) => atLeast(version, 'v3.0.0');

/** The argument that runs a release in agent mode. */
export const agentSwitch = (version: string) => (isV3(version) ? '--agent' : '--enable-feature=agent');

/**
 * What the official image runs when a container sets neither `command` nor `args`: its entrypoint with
 * `--config.file` pointing into /etc/prometheus, from the working directory /prometheus (where a relative
 * `--config.file` resolves).
 */
export const prometheusImage = {
  defaultConfigFile: '/etc/prometheus/prometheus.yml',
  workingDir: '/prometheus',
  /** Prometheus' own default for `--config.file`. */
  flagDefaultConfigFile: 'prometheus.yml',
};

/**
 * The Prometheus release an image runs, read from its tag; `unknown` says why when the tag does not tell. `latest`: the
 * tag is `latest` or left out, which pulls the newest release, whichever that is when the pod starts.
 */
/** The first and the last release something may be run by. */
export interface ReleaseBounds {
  from: string;
  to: string;
}

/** `among`: the releases it is one of, where several tags may run (kustomize overlays setting each one). */
export type ImageVersion = { version: string } | { unknown: string; latest?: true; among?: ReleaseBounds };

/**
 * An image whose repository ends in `/prometheus` (prom/, quay.io/prometheus/, any mirror), or is Rancher's mirror of
 * it (`rancher/mirrored-prometheus-prometheus`: `mirrored-` and the source's path joined by dashes).
 */
export function isPrometheusImage(image: string): boolean {
  return /(^|\/)(mirrored-prometheus-)?prometheus$/.test(imageRepository(image));
}

/**
 * Whether a flag is one a fork of Prometheus adds: Google's managed collection builds (`…/prometheus-engine/prometheus`,
 * tags `v2.53.4-gmp.0-gke.1`) add `--export.*`. Upstream's release does not have them; the fork runs with them.
 */
export function forkFlag(image: string | undefined, flag: string): boolean {
  return image !== undefined && (/(^|\/)prometheus-engine\//.test(image) || /:[^/@]*-gmp/.test(image)) && flag.startsWith('export.');
}

/** An image's name without its tag and digest (`quay.io/prometheus/prometheus`). */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** `prom/prometheus:v3.8.1`, `…:3.8.1-distroless`, `…:v3.0.0-rc.0`; a digest alone, `latest` or `main` tell nothing. */
export function imageVersion(image: string): ImageVersion {
  const [named, digest] = image.split('@');
  const tag = named.slice(imageRepository(named).length + 1);
  if (!tag) return digest ? { unknown: `the image is pinned by digest only (${image})` } : { unknown: `the image ${JSON.stringify(image)} has no tag`, latest: true };
  // Pinned by digest, latest is whatever latest was then.
  if (tag === 'latest') return digest ? { unknown: `the image is pinned by digest (${image})` } : { unknown: `the tag "latest" names no release`, latest: true };
  const match = /^v?(\d+\.\d+\.\d+)(-[0-9A-Za-z.-]+)?$/.exec(tag);
  if (!match || !parseVersion(match[1])) return { unknown: `the tag ${JSON.stringify(tag)} names no release` };
  return { version: `v${match[1]}${match[2] && /^-rc/.test(match[2]) ? match[2] : ''}` };
}

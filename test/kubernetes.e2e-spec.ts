import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { loadAll } from 'js-yaml';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IHTTPGetAction } from 'kubernetes-models/v1/HTTPGetAction';
import { type AppConfig, appConfig } from '../src/config/app.config';
import { DEFAULT_METRICS_PORT } from '../src/config/metrics.config';
import { startTestApp } from './support/app';
import { configurationVariables, SECRET_VARIABLES } from './support/config-variables';
import { TEST_ENV } from './support/test-env';

/**
 * deploy/kubernetes is checked without a cluster: every object against the Kubernetes API schemas
 * (kubernetes-models' validate()), and the deployment against the application itself (ports,
 * probe routes, drain timing and variable names taken from the code and a booted app).
 */
const DIR = join(__dirname, '..', 'deploy', 'kubernetes');
const NAME = 'agora-token-authority';

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [field: string]: unknown;
}

/** The model class of each apiVersion/kind the manifests may use. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const readYaml = (path: string) => loadAll(readFileSync(join(DIR, path), 'utf8'));
const kustomization = readYaml('kustomization.yaml')[0] as { resources: string[] };
const optional = readdirSync(join(DIR, 'optional')).map((file) => `optional/${file}`);
const files = [...kustomization.resources, ...optional];
const objects = files.flatMap((file) =>
  readYaml(file).map((object) => ({ file, object: object as KubeObject })),
);
/** One object by kind and name, typed by the caller (its schema is checked below). */
const find = (kind: string, name = NAME): any =>
  objects.find(({ object }) => object.kind === kind && object.metadata.name === name)?.object;

const deployment = new Deployment(find('Deployment') as never);
const pod = deployment.spec?.template.spec;
const app = pod?.containers.find((container) => container.name === 'app') as IContainer;
const env = new Map((app.env ?? []).map((variable) => [variable.name, variable.value]));
const configMap = find('ConfigMap') as { data: Record<string, string> };
const portNumber = (name: string) => app.ports?.find((port) => port.name === name)?.containerPort;

describe('deploy/kubernetes', () => {
  it('should list every manifest in kustomization.yaml (ServiceMonitor aside)', () => {
    const manifests = readdirSync(DIR).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
    expect(optional).toEqual(['optional/servicemonitor.yaml']);
  });

  it('should hold objects that are valid against the Kubernetes API schemas', () => {
    const kinds = objects.map(({ object }) => `${object.apiVersion}/${object.kind}`);
    expect(kinds.filter((kind) => MODELS[kind] === undefined)).toEqual([]);
    for (const { file, object } of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`] as (typeof MODELS)[string];
      expect({ file, error: validationError(() => new Model(object as never).validate()) }).toEqual(
        {
          file,
          error: undefined,
        },
      );
    }
    expect(new Set(kinds)).toEqual(new Set(Object.keys(MODELS)));
  });

  it('should reject a broken object (the validation is real)', () => {
    const broken = structuredClone(find('Deployment')) as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    expect(validationError(() => new Deployment(broken as never).validate())).toMatch(/replicas/);
  });

  it('should run 2+ replicas, spread, with an autoscaler and a disruption budget that keep 2+', () => {
    expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    const hpa = find('HorizontalPodAutoscaler') as {
      spec: { minReplicas: number; scaleTargetRef: { kind: string; name: string } };
    };
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: NAME });
    const pdb = find('PodDisruptionBudget') as {
      spec: { minAvailable: number; selector: unknown };
    };
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.selector).toEqual(deployment.spec?.selector);
  });

  it('should run without privilege: non-root, read-only root, no capability, no API token', () => {
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(app.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(app.resources?.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(app.resources?.limits).toMatchObject({ memory: expect.any(String) });
  });

  it('should listen, probe and expose the ports the app uses', async () => {
    const started = await startTestApp({ ...TEST_ENV, PORT: env.get('PORT') ?? undefined });
    try {
      const config = started.app.get<AppConfig>(appConfig.KEY);
      expect(portNumber('http')).toBe(config.port);
      // METRICS_PORT as the pod sets it (the test app itself takes a free one): the default.
      expect(portNumber('metrics')).toBe(Number(env.get('METRICS_PORT')));
      expect(portNumber('metrics')).toBe(DEFAULT_METRICS_PORT);

      // Each probe names the http port and a route the app answers 200 on.
      const probes = [app.startupProbe, app.livenessProbe, app.readinessProbe];
      expect(probes.map((probe) => probe?.httpGet?.path)).toEqual([
        '/health/live',
        '/health/live',
        '/health/ready',
      ]);
      for (const probe of probes) {
        const { path, port } = probe?.httpGet as IHTTPGetAction;
        expect(port).toBe('http');
        expect((await fetch(`${started.baseUrl}${path}`)).status).toBe(200);
      }
      const service = find('Service') as { spec: { ports: Array<{ targetPort: string }> } };
      expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http', 'metrics']);
    } finally {
      await started.close();
    }
  });

  it('should give the pod longer than the drain delay plus the shutdown timeout', async () => {
    const started = await startTestApp({ ...TEST_ENV, NODE_ENV: 'production' });
    try {
      const { drainDelayMs, timeoutMs } = started.app.get<AppConfig>(appConfig.KEY).shutdown;
      expect(drainDelayMs).toBeGreaterThan(0);
      expect((pod?.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
        drainDelayMs + timeoutMs,
      );
      // Readiness fails within the drain delay, so endpoints drop the pod before it stops.
      const { periodSeconds = 10, failureThreshold = 3 } = app.readinessProbe ?? {};
      expect(periodSeconds * failureThreshold * 1000).toBeLessThan(drainDelayMs);
    } finally {
      await started.close();
    }
  });

  it('should name only variables of the configuration contract, secrets as files only', () => {
    const known = configurationVariables();
    const names = [...env.keys(), ...Object.keys(configMap.data)];
    expect(names.filter((name) => !known.includes(name))).toEqual([]);
    expect(names.filter((name) => SECRET_VARIABLES.includes(name))).toEqual([]);
    expect(app.envFrom).toEqual([{ configMapRef: { name: NAME } }]);
  });

  it('should read each secret file from the mounted Secret directory (no subPath: updates arrive)', () => {
    const mount = app.volumeMounts?.find((volume) => volume.name === 'secrets');
    expect(mount).toMatchObject({ readOnly: true });
    expect(mount?.subPath).toBeUndefined();
    const volume = pod?.volumes?.find((candidate) => candidate.name === 'secrets');
    expect(volume?.secret?.secretName).toBe(NAME);
    const files = [...env.entries()].filter(([name]) => name.endsWith('_FILE'));
    expect(files.map(([name]) => name).sort()).toEqual([
      'AGORA_ACTIVE_CERTIFICATE_FILE',
      'AGORA_APP_CERTIFICATE_FILE',
      'AGORA_APP_CERTIFICATE_SECONDARY_FILE',
      'METRICS_TOKEN_FILE',
      'REDIS_URL_FILE',
    ]);
    for (const [, path] of files) {
      expect(posix.dirname(path ?? '')).toBe(mount?.mountPath);
    }
  });

  it('should keep Redis to the service pods and scrape metrics with the Secret token', () => {
    const redisPolicy = find('NetworkPolicy', `${NAME}-redis`) as {
      spec: { ingress: Array<{ from: Array<{ podSelector: { matchLabels: unknown } }> }> };
    };
    expect(redisPolicy.spec.ingress[0]?.from[0]?.podSelector.matchLabels).toEqual(
      deployment.spec?.selector.matchLabels,
    );
    const monitor = find('ServiceMonitor') as {
      spec: { endpoints: Array<{ port: string; path: string; authorization: unknown }> };
    };
    expect(monitor.spec.endpoints).toEqual([
      expect.objectContaining({
        port: 'metrics',
        path: '/metrics',
        authorization: { type: 'Bearer', credentials: { name: NAME, key: 'metrics-token' } },
      }),
    ]);
  });
});

function validationError(validate: () => void): string | undefined {
  try {
    validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

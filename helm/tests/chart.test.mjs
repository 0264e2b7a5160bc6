// Chart unit tests: the templates render what the values say. Run by helm/test-chart.sh with node's test
// runner; HELM is the helm binary, CHART_TOOLS the npm cache holding `yaml`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { appConfig, chart, container, envNamed, render, rendered } from "./render.mjs";

test("the service runs non-root with a read-only root filesystem, no escalation, no capabilities, and a writable /tmp", () => {
  const r = rendered();
  const pod = r.find("Deployment", "rel-hushcall").spec.template.spec;
  const c = container(r);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
  const tmp = c.volumeMounts.find((m) => m.mountPath === "/tmp");
  assert.ok(pod.volumes.find((v) => v.name === tmp.name).emptyDir, "/tmp is an emptyDir");
  assert.match(envNamed(c, "JAVA_TOOL_OPTIONS").value, /-Djava\.io\.tmpdir=\/tmp/);
});

test("probes use the actuator liveness and readiness groups on the management port", () => {
  const c = container(rendered());
  assert.equal(c.livenessProbe.httpGet.path, "/actuator/health/liveness");
  assert.equal(c.readinessProbe.httpGet.path, "/actuator/health/readiness");
  assert.equal(c.readinessProbe.httpGet.port, "management");
});

test("token rules reach the service: a maximum lifetime always, the audience when set", () => {
  const plain = appConfig(rendered()).hushcall.auth;
  assert.equal(plain["max-token-lifetime"], "24h");
  assert.equal(plain.audience, undefined);
  const set = appConfig(rendered("--set", "config.auth.audience=hushcall", "--set", "config.auth.maxTokenLifetime=1h")).hushcall.auth;
  assert.equal(set.audience, "hushcall");
  assert.equal(set["max-token-lifetime"], "1h");
});

test("termination grace covers preStop plus the drain, and the drain settings reach the service", () => {
  const r = rendered("--set", "lifecycle.preStopSleepSeconds=7", "--set", "lifecycle.drainDelaySeconds=3",
    "--set", "lifecycle.drainTimeoutSeconds=20", "--set", "lifecycle.shutdownMarginSeconds=10");
  const pod = r.find("Deployment", "rel-hushcall").spec.template.spec;
  assert.equal(pod.terminationGracePeriodSeconds, 7 + 3 + 20 + 10);
  assert.equal(pod.containers[0].lifecycle.preStop.sleep.seconds, 7);
  const config = appConfig(r);
  assert.equal(config.hushcall.lifecycle["drain-delay"], "3s");
  assert.equal(config.hushcall.lifecycle["drain-timeout"], "20s");
  assert.equal(config.spring.lifecycle["timeout-per-shutdown-phase"], "28s");
});

test("ServiceMonitor, PrometheusRule and the dashboard exist only when enabled", () => {
  const off = rendered();
  assert.equal(off.find("ServiceMonitor"), undefined);
  assert.equal(off.find("PrometheusRule"), undefined);
  assert.equal(off.find("ConfigMap", "rel-hushcall-dashboard"), undefined);
  const on = rendered("--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true",
    "--set", "grafanaDashboard.enabled=true");
  const monitor = on.find("ServiceMonitor");
  assert.equal(monitor.spec.endpoints[0].port, "management");
  assert.equal(monitor.spec.endpoints[0].path, "/actuator/prometheus");
  const alerts = on.find("PrometheusRule").spec.groups.flatMap((g) => g.rules).map((rule) => rule.alert).filter(Boolean);
  for (const name of ["HushcallCallSetupSlow", "HushcallServerErrors", "HushcallClientErrorsHigh",
    "HushcallTurnProbeFailing", "HushcallRedisErrors", "HushcallShedding", "HushcallDrainTooLong"]) {
    assert.ok(alerts.includes(name), name);
  }
  const dashboard = on.find("ConfigMap", "rel-hushcall-dashboard");
  assert.equal(dashboard.metadata.labels.grafana_dashboard, "1");
  assert.ok(JSON.parse(dashboard.data["hushcall.json"]).panels.length > 10);
});

test("alerts and dashboard use only the metric names a real scrape of the service shows", () => {
  // Written from a scrape by signaling-service's ChartMetricsScrapeIT, which fails when the two differ.
  const known = new Set(readFileSync(new URL("scraped-metric-names.txt", import.meta.url), "utf8").split("\n")
    .filter((line) => line && !line.startsWith("#")));
  assert.ok(known.has("hushcall_redis_command_seconds_bucket"), "the Redis command timer is a histogram");
  const on = rendered("--set", "prometheusRule.enabled=true", "--set", "grafanaDashboard.enabled=true");
  const text = JSON.stringify(on.find("PrometheusRule")) + on.find("ConfigMap", "rel-hushcall-dashboard").data["hushcall.json"];
  const used = new Set(text.match(/\bhushcall_[a-z_]+/g));
  assert.ok(used.size > 15);
  for (const name of used) assert.ok(known.has(name), "not in a scrape of the service: " + name);
});

test("existing Secrets are honoured and the chart then creates none of its own", () => {
  const r = rendered("--set", "auth.existingSecret=my-auth", "--set", "turn.existingSecret=my-turn",
    "--set", "redis.mode=external", "--set", "redis.external.url=redis://redis:6379",
    "--set", "redis.external.existingSecret=my-redis", "--set", "redis.external.existingSecretPasswordKey=pw");
  assert.deepEqual(r.objects.filter((o) => o.kind === "Secret"), []);
  const c = container(r);
  assert.equal(envNamed(c, "HUSHCALL_AUTH_HMACSECRET").valueFrom.secretKeyRef.name, "my-auth");
  assert.equal(envNamed(c, "HUSHCALL_AUTH_JWKSETURI").valueFrom.secretKeyRef.name, "my-auth");
  assert.equal(envNamed(c, "HUSHCALL_TURN_SECRETS").valueFrom.secretKeyRef.name, "my-turn");
  assert.deepEqual(envNamed(c, "HUSHCALL_REDIS_PASSWORD").valueFrom.secretKeyRef, { name: "my-redis", key: "pw" });
  const coturn = r.find("Deployment", "rel-hushcall-coturn").spec.template.spec;
  assert.equal(coturn.volumes.find((v) => v.name === "secrets").secret.secretName, "my-turn");
  assert.equal(appConfig(r).hushcall.redis.url, "redis://redis:6379");
});

test("given TURN secrets land in one Secret, newest first, shared by the service and coturn", () => {
  const r = rendered("--set", "turn.secrets[0]=newest-0123456789abcdef0123456789abcdef",
    "--set", "turn.secrets[1]=oldest-0123456789abcdef0123456789abcdef");
  const secret = r.find("Secret", "rel-hushcall-turn");
  assert.equal(Buffer.from(secret.data["turn-secrets"], "base64").toString(),
    "newest-0123456789abcdef0123456789abcdef,oldest-0123456789abcdef0123456789abcdef");
  const coturn = r.find("Deployment", "rel-hushcall-coturn").spec.template.spec;
  assert.equal(coturn.volumes.find((v) => v.name === "secrets").secret.secretName, "rel-hushcall-turn");
  assert.match(coturn.initContainers[0].command.join(" "), /static-auth-secret=/);
});

test("the schema rejects bad values", () => {
  for (const bad of [["replicaCount=0"], ["redis.mode=memcached"], ["image.tag=latest"], ["config.calls.ringLifetime=sixty"],
    ["turn.secrets[0]=short"], ["coturn.mode=nodePort"], ["noSuchValue=1"], ["config.turn.uris[0]=http://x"]]) {
    const r = render("--set", bad[0]);
    assert.equal(r.ok, false, bad[0] + " was accepted");
    assert.match(r.error, /schema|values don't meet/i, bad[0]);
  }
});

test("values the schema cannot judge are refused with a reason", () => {
  assert.match(render("--set", "redis.mode=none").error, /replicaCount=1/);
  assert.match(render("--set", "devProfile=true", "--set", "auth.jwkSetUri=https://id/jwks").error, /devProfile/);
  assert.match(render("--set", "coturn.relayPorts.max=60000").error, /at most 200 ports/);
  assert.match(render("--set", "redis.mode=external").error, /exactly one of/);
});

test("checksum/config changes when, and only when, the config changes", () => {
  const checksum = (...args) => rendered(...args).find("Deployment", "rel-hushcall").spec.template.metadata.annotations["checksum/config"];
  const base = checksum();
  assert.equal(checksum(), base);
  assert.notEqual(checksum("--set", "config.calls.ringLifetime=45s"), base);
  const coturn = (...args) => rendered(...args).find("Deployment", "rel-hushcall-coturn").spec.template.metadata.annotations["checksum/config"];
  assert.notEqual(coturn("--set", "coturn.userQuota=5"), coturn());
});

test("coturn's config is rendered from values with the hardened lines and no secret", () => {
  const r = rendered("--set", "coturn.allowedPeerIps[0]=10.1.2.3");
  const conf = r.find("ConfigMap", "rel-hushcall-coturn").data["turnserver.conf"];
  for (const line of ["use-auth-secret", "no-multicast-peers", "no-cli", "denied-peer-ip=127.0.0.0-127.255.255.255",
    "denied-peer-ip=169.254.0.0-169.254.255.255", "denied-peer-ip=::ffff:0.0.0.0-::ffff:255.255.255.255",
    "denied-peer-ip=10.0.0.0-10.255.255.255", "allowed-peer-ip=10.1.2.3", "min-port=49152", "max-port=49199"]) {
    assert.ok(conf.split("\n").includes(line), line);
  }
  assert.doesNotMatch(conf, /static-auth-secret/);
  const lb = r.find("Service", "rel-hushcall-coturn");
  assert.equal(lb.spec.type, "LoadBalancer");
  assert.equal(lb.spec.ports.filter((p) => p.name.startsWith("relay-")).length, 48);
});

test("hostNetwork mode runs a DaemonSet on the nodes' addresses and no LoadBalancer", () => {
  const r = rendered("--set", "coturn.mode=hostNetwork", "--set", "coturn.relayPorts.max=65535",
    "--set-string", "coturn.nodeSelector.turn=true");
  const ds = r.find("DaemonSet", "rel-hushcall-coturn");
  assert.equal(ds.spec.template.spec.hostNetwork, true);
  assert.equal(r.find("Service", "rel-hushcall-coturn"), undefined);
});

test("TURN URIs are built from coturn.publicHost unless given", () => {
  const built = appConfig(rendered("--set", "coturn.publicHost=turn.example.com", "--set", "coturn.tls.enabled=true",
    "--set", "coturn.tls.existingSecret=tls"));
  assert.deepEqual(built.hushcall.turn.uris, ["turn:turn.example.com:3478?transport=udp",
    "turn:turn.example.com:3478?transport=tcp", "turns:turn.example.com:443?transport=tcp"]);
  assert.deepEqual(appConfig(rendered()).hushcall.turn.uris, []);
});

test("the Ingress keeps WebSockets open and never routes to the actuator port", () => {
  const ingress = rendered("--set", "ingress.enabled=true").find("Ingress");
  assert.equal(ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"], "3600");
  assert.equal(ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"], "3600");
  for (const rule of ingress.spec.rules) for (const p of rule.http.paths) assert.equal(p.backend.service.port.name, "http");
});

test("the helm test mints dev tokens only under the dev profile, else reads the token Secret", () => {
  const pod = (...args) => rendered(...args).find("Pod", "rel-hushcall-smoke-test").spec.containers[0];
  const dev = pod("--set", "devProfile=true");
  assert.equal(envNamed(dev, "TOKEN_MODE").value, "dev");
  assert.equal(envNamed(dev, "CALLER_TOKEN"), undefined);
  const prod = pod("--set", "tests.smoke.tokenSecret=smoke-tokens");
  assert.equal(envNamed(prod, "TOKEN_MODE").value, "secret");
  assert.equal(envNamed(prod, "CALLER_TOKEN").valueFrom.secretKeyRef.name, "smoke-tokens");
  assert.equal(container(rendered("--set", "devProfile=true")).env.some((e) => e.name === "SPRING_PROFILES_ACTIVE"), true);
  assert.equal(container(rendered()).env.some((e) => e.name === "SPRING_PROFILES_ACTIVE"), false);
  assert.match(render("--set", "tests.smoke.tokenMode=dev").error, /needs devProfile=true/);
});

test("PodDisruptionBudget and HPA follow their switches", () => {
  assert.ok(rendered().find("PodDisruptionBudget", "rel-hushcall"));
  assert.equal(rendered("--set", "replicaCount=1").find("PodDisruptionBudget", "rel-hushcall"), undefined);
  assert.equal(rendered().find("HorizontalPodAutoscaler"), undefined);
  const r = rendered("--set", "autoscaling.enabled=true");
  assert.equal(r.find("HorizontalPodAutoscaler").spec.maxReplicas, 10);
  assert.equal(r.find("Deployment", "rel-hushcall").spec.replicas, undefined);
});

test("every image is pinned", () => {
  const r = rendered("-f", path.join(chart, "ci", "production-values.yaml"));
  const images = r.objects.flatMap((o) => {
    const spec = o.kind === "Pod" ? o.spec : o.spec?.template?.spec;
    return spec ? [...(spec.initContainers || []), ...spec.containers].map((c) => c.image) : [];
  });
  assert.ok(images.length >= 3);
  for (const image of images) assert.match(image, /(@sha256:[a-f0-9]{64}|:[0-9][^:@]*)$/, image);
});

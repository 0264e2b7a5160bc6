// What the chart tests share: rendering the chart with helm template and finding objects in the result.
// HELM is the helm binary, CHART_TOOLS the npm cache holding `yaml` (both set by helm/test-chart.sh).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(path.join(process.env.CHART_TOOLS, "node_modules", "noop.js"));
export const yaml = require("yaml");
export const { parseAllDocuments, parse } = yaml;
export const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const chart = path.join(repo, "helm", "hushcall");

/** helm template with --set style arguments; returns the objects or the error text. */
export function render(...args) {
  const result = spawnSync(process.env.HELM, ["template", "rel", chart, "--namespace", "calls", ...args], { encoding: "utf8" });
  if (result.status !== 0) return { ok: false, error: result.stderr };
  const objects = parseAllDocuments(result.stdout).map((d) => d.toJS()).filter(Boolean);
  return {
    ok: true, text: result.stdout, objects,
    find: (kind, name) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)),
  };
}

export function rendered(...args) {
  const r = render(...args);
  assert.ok(r.ok, r.error);
  return r;
}

export const container = (r) => r.find("Deployment", "rel-hushcall").spec.template.spec.containers[0];
export const envNamed = (c, name) => c.env.find((e) => e.name === name);
export const appConfig = (r) => yaml.parse(r.find("ConfigMap", "rel-hushcall").data["application.yml"]);

// Validates every manifest in the given multi-document YAML files against the Kubernetes OpenAPI schemas
// (npm kubernetes-models) and, for the Prometheus Operator and Gateway API kinds, their CRD schemas.
// Usage: node validate.mjs rendered.yaml...   Exit 1 on the first file with an invalid or unknown object.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const tools = path.resolve(process.env.CHART_TOOLS);
const require = createRequire(path.join(tools, "node_modules", "noop.js"));
const { parseAllDocuments } = require("yaml");
const modules = path.join(tools, "node_modules");

/** apiVersion + kind -> the module that defines the model class. */
function modelPath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return path.join(modules, "@kubernetes-models/prometheus-operator", apiVersion, kind + ".js");
  }
  if (apiVersion.startsWith("gateway.networking.k8s.io/")) {
    return path.join(modules, "@kubernetes-models/gateway-api", apiVersion, kind + ".js");
  }
  return path.join(modules, "kubernetes-models", apiVersion, kind + ".js");
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      console.error(`${file}: YAML error: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (!object) continue;
    const where = `${file}: ${object.kind}/${object.metadata?.name}`;
    let Model;
    try {
      Model = (await import(modelPath(object.apiVersion, object.kind)))[object.kind];
    } catch {
      console.error(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`validated ${checked} manifests against Kubernetes schemas, ${failures} invalid`);
process.exit(failures ? 1 : 0);

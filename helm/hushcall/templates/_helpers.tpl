{{/* Chart name, overridable. */}}
{{- define "hushcall.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: release + chart, unless the release name already holds the chart name. Kept at 52 characters so
suffixes (-coturn, -redis, -smoke-test) stay under Kubernetes' 63. */}}
{{- define "hushcall.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "hushcall.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "hushcall.labels" -}}
helm.sh/chart: {{ include "hushcall.chart" . }}
{{ include "hushcall.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hushcall
{{- end -}}

{{/* Selector labels: stable across upgrades (never the version). Components add app.kubernetes.io/component. */}}
{{- define "hushcall.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hushcall.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "hushcall.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hushcall.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag or repository@digest. Usage: include "hushcall.image" (dict "image" .Values.image "default" .Chart.AppVersion) */}}
{{- define "hushcall.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (toString (default .default .image.tag)) -}}
{{- end -}}
{{- end -}}

{{/* Secret names: the user's existing Secret, or the one this chart makes. */}}
{{- define "hushcall.authSecretName" -}}
{{- default (printf "%s-auth" (include "hushcall.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}
{{- define "hushcall.turnSecretName" -}}
{{- default (printf "%s-turn" (include "hushcall.fullname" .)) .Values.turn.existingSecret -}}
{{- end -}}
{{- define "hushcall.redisSecretName" -}}
{{- if and (eq .Values.redis.mode "external") .Values.redis.external.existingSecret -}}
{{- .Values.redis.external.existingSecret -}}
{{- else if and (eq .Values.redis.mode "bundled") .Values.redis.bundled.existingSecret -}}
{{- .Values.redis.bundled.existingSecret -}}
{{- else -}}
{{- printf "%s-redis" (include "hushcall.fullname" .) -}}
{{- end -}}
{{- end -}}
{{- define "hushcall.redisPasswordKey" -}}
{{- if and (eq .Values.redis.mode "external") .Values.redis.external.existingSecret -}}
{{- .Values.redis.external.existingSecretPasswordKey -}}
{{- else if and (eq .Values.redis.mode "bundled") .Values.redis.bundled.existingSecret -}}
{{- .Values.redis.bundled.existingSecretPasswordKey -}}
{{- else -}}
redis-password
{{- end -}}
{{- end -}}
{{/* Whether the service reads a Redis password from a Secret. */}}
{{- define "hushcall.redisHasPassword" -}}
{{- if eq .Values.redis.mode "bundled" -}}true
{{- else if and (eq .Values.redis.mode "external") (or .Values.redis.external.existingSecret .Values.redis.external.password) -}}true
{{- end -}}
{{- end -}}

{{/*
A generated secret that survives upgrades: the value already in the cluster (lookup) if there is one, else a
new random one. `helm template` has no cluster, so it always generates. Remembered for the rest of the render,
so the Secret and the checksums that roll pods on its change see the same value. With secrets.generate=false it
fails instead, naming what to set (hint). Usage:
include "hushcall.persistentRandom" (dict "ctx" . "secret" NAME "key" KEY "length" 48 "hint" "auth.existingSecret")
*/}}
{{- define "hushcall.persistentRandom" -}}
{{- if not .ctx.Values.secrets.generate -}}
{{- fail (printf "secrets.generate=false and no %s given: set %s (see docs/kubernetes.md, \"GitOps and secrets\")" .key .hint) -}}
{{- end -}}
{{- $memo := get .ctx.Values "hushcallGenerated" -}}
{{- if not $memo -}}
{{- $memo = dict -}}
{{- $_ := set .ctx.Values "hushcallGenerated" $memo -}}
{{- end -}}
{{- $id := printf "%s/%s" .secret .key -}}
{{- if not (hasKey $memo $id) -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret -}}
{{- if and $existing (hasKey (default (dict) $existing.data) .key) -}}
{{- $_ := set $memo $id (index $existing.data .key | b64dec) -}}
{{- else -}}
{{- $_ := set $memo $id (randAlphaNum (int .length)) -}}
{{- end -}}
{{- end -}}
{{- get $memo $id -}}
{{- end -}}

{{/* The bundled Redis's password when the chart makes it (redis.bundled.existingSecret empty). */}}
{{- define "hushcall.bundledRedisPassword" -}}
{{- include "hushcall.persistentRandom" (dict "ctx" . "secret" (printf "%s-redis" (include "hushcall.fullname" .)) "key" "redis-password" "length" 32 "hint" "redis.bundled.existingSecret") -}}
{{- end -}}

{{/*
What the Redis password is, hashed: the bundled Redis and the service carry it as an annotation on their pod
templates, so a new password rolls both in one upgrade. A password in a Secret the chart does not make is
invisible to it: secrets.revision stands for it.
*/}}
{{- define "hushcall.redisSecretChecksum" -}}
{{- $password := "" -}}
{{- if and (eq .Values.redis.mode "bundled") (not .Values.redis.bundled.existingSecret) -}}
{{- $password = include "hushcall.bundledRedisPassword" . -}}
{{- else if and (eq .Values.redis.mode "external") (not .Values.redis.external.existingSecret) -}}
{{- $password = .Values.redis.external.password -}}
{{- end -}}
{{- list (include "hushcall.redisSecretName" .) (include "hushcall.redisPasswordKey" .) $password .Values.secrets.revision | toJson | sha256sum -}}
{{- end -}}

{{/*
The bundled Redis's maxmemory in bytes: redis.bundled.maxmemory (Redis units: 1kb = 1024) or, when empty,
memory.expectedDevices × memory.bytesPerDevice + memory.baseBytes (docs/operations.md, "Redis sizing").
*/}}
{{- define "hushcall.redisMaxmemoryBytes" -}}
{{- $r := .Values.redis.bundled -}}
{{- with $r.maxmemory -}}
{{- $units := dict "" 1 "b" 1 "kb" 1024 "mb" 1048576 "gb" 1073741824 -}}
{{- $unit := regexReplaceAll "^[0-9]+" (toString .) "" -}}
{{- mul (int64 (regexFind "^[0-9]+" (toString .))) (get $units $unit) -}}
{{- else -}}
{{- add (mul (int64 $r.memory.expectedDevices) (int64 $r.memory.bytesPerDevice)) (int64 $r.memory.baseBytes) -}}
{{- end -}}
{{- end -}}

{{/* A Kubernetes memory quantity (plain bytes, or k/M/G, Ki/Mi/Gi) in bytes; 0 for forms this chart does not read. */}}
{{- define "hushcall.quantityBytes" -}}
{{- $q := toString . -}}
{{- $units := dict "" 1 "k" 1000 "M" 1000000 "G" 1000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 -}}
{{- if regexMatch "^[0-9]+(k|M|G|Ki|Mi|Gi)?$" $q -}}
{{- mul (int64 (regexFind "^[0-9]+" $q)) (get $units (regexReplaceAll "^[0-9]+" $q "")) -}}
{{- else -}}
0
{{- end -}}
{{- end -}}

{{/*
The bundled Redis's resources: as given, with memory maxmemory × 1.5 (in Mi, rounded up) when no memory limit is
given: an AOF rewrite forks Redis, and pages written meanwhile are copied, on top of allocator fragmentation.
*/}}
{{- define "hushcall.redisResources" -}}
{{- $resources := deepCopy .Values.redis.bundled.resources -}}
{{- $limits := default (dict) $resources.limits -}}
{{- if not $limits.memory -}}
{{- $mi := div (add (div (mul (include "hushcall.redisMaxmemoryBytes" . | int64) 3) 2) 1048575) 1048576 -}}
{{- $_ := set $limits "memory" (printf "%dMi" $mi) -}}
{{- $requests := default (dict) $resources.requests -}}
{{- $_ := set $requests "memory" (printf "%dMi" $mi) -}}
{{- $_ := set $resources "requests" $requests -}}
{{- $_ := set $resources "limits" $limits -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{/*
JAVA_TOOL_OPTIONS: jvmOptions plus -XX:ActiveProcessorCount from the CPU request, rounded up and at least 2 (one
processor would make the JVM pick the serial collector). Without a CPU limit the JVM would otherwise size its GC,
JIT and pool threads by the node's cores. An ActiveProcessorCount already in jvmOptions wins.
*/}}
{{- define "hushcall.javaToolOptions" -}}
{{- $options := .Values.jvmOptions -}}
{{- $cpu := toString (dig "requests" "cpu" "" .Values.resources) -}}
{{- if and $cpu (not (contains "ActiveProcessorCount" $options)) -}}
{{- $millis := 0 -}}
{{- if hasSuffix "m" $cpu -}}
{{- $millis = int64 (trimSuffix "m" $cpu) -}}
{{- else -}}
{{- $millis = int64 (ceil (mulf (float64 $cpu) 1000)) -}}
{{- end -}}
{{- $options = printf "%s -XX:ActiveProcessorCount=%d" $options (max 2 (div (add $millis 999) 1000)) -}}
{{- end -}}
{{- $options -}}
{{- end -}}

{{/* Drain budget in seconds: hushcall.lifecycle.drain-delay + drain-timeout. */}}
{{- define "hushcall.drainSeconds" -}}
{{- add (int .Values.lifecycle.drainDelaySeconds) (int .Values.lifecycle.drainTimeoutSeconds) -}}
{{- end -}}

{{/* terminationGracePeriodSeconds: preStop sleep + drain + the rest of the JVM's shutdown. */}}
{{- define "hushcall.terminationGracePeriodSeconds" -}}
{{- add (int .Values.lifecycle.preStopSleepSeconds) (include "hushcall.drainSeconds" . | int) (int .Values.lifecycle.shutdownMarginSeconds) -}}
{{- end -}}

{{/* TURN URIs handed to clients: explicit, or built from coturn.publicHost. Empty list: none at all (the chart never
lets the service fall back to its turn:localhost development defaults). */}}
{{- define "hushcall.turnUris" -}}
{{- $uris := .Values.config.turn.uris -}}
{{- if and (not $uris) .Values.coturn.enabled .Values.coturn.publicHost -}}
{{- $host := .Values.coturn.publicHost -}}
{{- $port := int .Values.coturn.listeningPort -}}
{{- $uris = list (printf "turn:%s:%d?transport=udp" $host $port) (printf "turn:%s:%d?transport=tcp" $host $port) -}}
{{- if .Values.coturn.tls.enabled -}}
{{- $uris = append $uris (printf "turns:%s:%s?transport=tcp" $host (include "hushcall.coturnTurnsPort" .)) -}}
{{- end -}}
{{- end -}}
{{- toJson (default (list) $uris) -}}
{{- end -}}

{{/* The port clients reach coturn's TLS listener on: the Service's publicPort in loadBalancer mode, the port coturn
itself listens on in hostNetwork mode (nothing maps it there). */}}
{{- define "hushcall.coturnTurnsPort" -}}
{{- ternary .Values.coturn.tls.port .Values.coturn.tls.publicPort (eq .Values.coturn.mode "hostNetwork") | int -}}
{{- end -}}

{{/* The address coturn advertises (plain external-ip): coturn.externalIp, else in loadBalancer mode the Service's
loadBalancerIP; empty: the pod's own addresses. */}}
{{- define "hushcall.coturnExternalIp" -}}
{{- $c := .Values.coturn -}}
{{- $c.externalIp | default (ternary $c.service.loadBalancerIP "" (eq $c.mode "loadBalancer")) -}}
{{- end -}}

{{/* total-quota: in loadBalancer mode no more allocations than relay ports, since each allocation holds one. */}}
{{- define "hushcall.coturnTotalQuota" -}}
{{- $c := .Values.coturn -}}
{{- $ports := add1 (sub (int $c.relayPorts.max) (int $c.relayPorts.min)) -}}
{{- ternary (min (int $c.totalQuota) $ports) (int $c.totalQuota) (eq $c.mode "loadBalancer") -}}
{{- end -}}

{{/* Checks across values that the JSON schema cannot express; each failure says what to change. */}}
{{- define "hushcall.validate" -}}
{{- $replicas := int .Values.replicaCount -}}
{{- if and (eq .Values.redis.mode "none") (or (gt $replicas 1) .Values.autoscaling.enabled) -}}
{{- fail "redis.mode=none keeps call state in one pod's memory: set replicaCount=1 and autoscaling.enabled=false, or use redis.mode bundled/external" -}}
{{- end -}}
{{- if eq .Values.redis.mode "external" -}}
{{- $e := .Values.redis.external -}}
{{- $n := add (ternary 1 0 (not (empty $e.url))) (ternary 1 0 (not (empty $e.sentinel.master))) (ternary 1 0 (not (empty $e.clusterNodes))) -}}
{{- if ne (int $n) 1 -}}
{{- fail "redis.mode=external needs exactly one of redis.external.url, redis.external.sentinel.master, redis.external.clusterNodes" -}}
{{- end -}}
{{- if and $e.sentinel.master (not $e.sentinel.nodes) -}}
{{- fail "redis.external.sentinel.master needs redis.external.sentinel.nodes" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.devProfile .Values.auth.jwkSetUri -}}
{{- fail "devProfile mints HS256 tokens and cannot run beside auth.jwkSetUri: turn one of them off" -}}
{{- end -}}
{{- if and .Values.coturn.enabled .Values.coturn.tls.enabled (not .Values.coturn.tls.existingSecret) -}}
{{- fail "coturn.tls.enabled needs coturn.tls.existingSecret (a kubernetes.io/tls Secret)" -}}
{{- end -}}
{{- if and .Values.coturn.enabled (eq .Values.coturn.mode "loadBalancer") (gt (sub (int .Values.coturn.relayPorts.max) (int .Values.coturn.relayPorts.min)) 199) -}}
{{- fail "coturn.mode=loadBalancer lists every relay port in the Service: keep coturn.relayPorts to at most 200 ports, or use mode hostNetwork" -}}
{{- end -}}
{{- if and .Values.coturn.enabled (eq .Values.coturn.mode "hostNetwork") (not .Values.coturn.nodeSelector) -}}
{{- fail "coturn.mode=hostNetwork needs coturn.nodeSelector: coturn binds the addresses of every node it lands on, so name the TURN nodes (e.g. hushcall.dev/turn: \"true\")" -}}
{{- end -}}
{{- if lt (int .Values.coturn.relayPorts.max) (int .Values.coturn.relayPorts.min) -}}
{{- fail "coturn.relayPorts.max must be at least coturn.relayPorts.min" -}}
{{- end -}}
{{- if eq .Values.redis.mode "bundled" -}}
{{- $limit := .Values.redis.bundled.resources.limits | default (dict) -}}
{{- with $limit.memory -}}
{{- $max := include "hushcall.redisMaxmemoryBytes" $ | int64 -}}
{{- $bytes := include "hushcall.quantityBytes" . | int64 -}}
{{- if eq $bytes 0 -}}
{{- fail (printf "redis.bundled.resources.limits.memory (%s): write it in bytes or with k, M, G, Ki, Mi or Gi" (toString .)) -}}
{{- end -}}
{{- if lt $bytes (div (mul $max 6) 5) -}}
{{- fail (printf "redis.bundled.resources.limits.memory (%s) must be at least 1.2 × maxmemory (%d bytes): Redis is killed before it refuses writes. Raise it, or drop it to have it computed" (toString .) $max) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and .Values.serviceMonitor.enabled .Values.podMonitor.enabled -}}
{{- fail "serviceMonitor and podMonitor would scrape every pod twice: enable one (podMonitor sees draining pods)" -}}
{{- end -}}
{{- $mode := include "hushcall.smokeTokenMode" . -}}
{{- if and (eq $mode "dev") (not .Values.devProfile) -}}
{{- fail "tests.smoke.tokenMode=dev needs devProfile=true (POST /dev/token exists only under the dev profile)" -}}
{{- end -}}
{{- end -}}

{{/* The smoke test's token source: dev or secret. */}}
{{- define "hushcall.smokeTokenMode" -}}
{{- if eq .Values.tests.smoke.tokenMode "auto" -}}
{{- ternary "dev" "secret" .Values.devProfile -}}
{{- else -}}
{{- .Values.tests.smoke.tokenMode -}}
{{- end -}}
{{- end -}}

{{/* Selector of this release's service metrics in PromQL. */}}
{{- define "hushcall.promSelector" -}}
namespace="{{ .Release.Namespace }}", job="{{ include "hushcall.fullname" . }}"
{{- end -}}

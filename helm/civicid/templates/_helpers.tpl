{{/* Names and labels used by every template. */}}
{{- define "civicid.fullname" -}}
{{- printf "%s-broker" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "civicid.labels" -}}
app.kubernetes.io/name: civicid
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "civicid.selector" -}}
app.kubernetes.io/name: civicid
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: broker
{{- end -}}

{{- define "civicid.secretName" -}}
{{- default (printf "%s-secrets" (include "civicid.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The Redis address in Spring Boot's terms, as environment variables. */}}
{{- define "civicid.redisEnv" -}}
{{- $r := .Values.redis -}}
{{- if $r.trial.enabled }}
- name: SPRING_DATA_REDIS_HOST
  value: {{ printf "%s-redis" .Release.Name | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: "6379"
{{- else if eq $r.mode "standalone" }}
- name: SPRING_DATA_REDIS_HOST
  value: {{ $r.host | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: {{ $r.port | quote }}
{{- else if eq $r.mode "sentinel" }}
- name: SPRING_DATA_REDIS_SENTINEL_MASTER
  value: {{ $r.sentinelMaster | quote }}
- name: SPRING_DATA_REDIS_SENTINEL_NODES
  value: {{ join "," $r.sentinelNodes | quote }}
{{- else }}
- name: SPRING_DATA_REDIS_CLUSTER_NODES
  value: {{ join "," $r.clusterNodes | quote }}
{{- end }}
{{- with $r.username }}
- name: SPRING_DATA_REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
- name: SPRING_DATA_REDIS_SSL_ENABLED
  value: {{ $r.tls | quote }}
{{- end -}}

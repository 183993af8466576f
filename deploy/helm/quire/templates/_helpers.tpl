{{/* Labels every object of the release carries; "part-of: quire" is what NetworkPolicies select. */}}
{{- define "quire.labels" -}}
app.kubernetes.io/part-of: quire
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* The pods of one app. */}}
{{- define "quire.selector" -}}
app.kubernetes.io/part-of: quire
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .id }}
{{- end }}

{{/* The profile must be chosen: its components are what every app needs. */}}
{{- define "quire.profile" -}}
{{- if or (not .Values.profile) (not .Values.components) -}}
{{- fail "choose a backend profile: -f deploy/helm/quire/profiles/<name>.yaml (one per profile of components/profiles.yaml)" -}}
{{- end -}}
{{- .Values.profile -}}
{{- end }}

{{/*
A Secret's value that stays what it was: the one already in the cluster when there is one (so an
upgrade does not change tokens or keys under running pods), else the new one given. Base64.
Offline (helm template, lint) there is nothing to look up, and the new value is used.
*/}}
{{- define "quire.keep" -}}
{{- $old := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $old $old.data (hasKey $old.data .key) -}}
{{- index $old.data .key -}}
{{- else -}}
{{- .new | b64enc -}}
{{- end -}}
{{- end }}

{{/* The Secret names the Dapr annotations and the app's environment take a token from. */}}
{{- define "quire.daprTokenSecret" -}}{{ . }}-dapr-api-token{{- end }}
{{- define "quire.appTokenSecret" -}}{{ . }}-app-api-token{{- end }}

{{/* The secrets an app's Configuration lets it read from the secret store (dapr/config/<id>.yaml). */}}
{{- define "quire.allowedSecrets" -}}
{{- $config := .root.Files.Get (printf "dapr/config/%s.yaml" .id) | fromYaml -}}
{{- $allowed := list -}}
{{- range (($config.spec.secrets).scopes | default list) -}}
{{- $allowed = concat $allowed (.allowedSecrets | default list) -}}
{{- end -}}
{{- toJson $allowed -}}
{{- end }}

{{/*
An app's image: <repository>/<app-id>, or <repository>/<app-id>-<name> when `implementations`
picks another implementation of it ("typescript" is the app id's own, the run file's).
*/}}
{{- define "quire.image" -}}
{{- $impl := index .root.Values.implementations .id | default "typescript" -}}
{{- $image := eq $impl "typescript" | ternary .id (printf "%s-%s" .id $impl) -}}
{{- printf "%s/%s:%s" .root.Values.image.repository $image (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end }}

{{/* `implementations` may pick only what the Dockerfile builds: an app's listed implementations. */}}
{{- define "quire.checkImplementations" -}}
{{- range $id, $impl := .Values.implementations -}}
{{- $svc := index $.Values.services $id -}}
{{- if not $svc -}}
{{- fail (printf "implementations.%s: there is no app %s" $id $id) -}}
{{- end -}}
{{- if not $svc.implementations -}}
{{- fail (printf "implementations.%s: %s has no other implementation" $id $id) -}}
{{- end -}}
{{- $known := prepend $svc.implementations "typescript" -}}
{{- if not (has (toString $impl) $known) -}}
{{- fail (printf "implementations.%s: %q is not one of %s" $id (toString $impl) (join ", " $known)) -}}
{{- end -}}
{{- end -}}
{{- end }}

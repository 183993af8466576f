#!/usr/bin/env bash
# Development secrets, made on this machine the first time and never committed: the users
# service's JWT signing key (Ed25519) and the card provider's API key. The local-file secret
# store (components/secrets/secretstore.yaml) reads them from .run/dev-secrets.json.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[secrets] %s\n' "$*"; }
file=.run/dev-secrets.json
[ -s "$file" ] && exit 0

command -v openssl >/dev/null || { say "error: openssl is needed to make the development keys (apt-get install openssl)" >&2; exit 1; }
mkdir -p .run
umask 077
signing_key=$(openssl genpkey -algorithm ed25519 | awk '{printf "%s\\n", $0}')
provider_key="dev-$(openssl rand -hex 16)"
cat > "$file.tmp" <<JSON
{
  "users-jwt-signing-key": "$signing_key",
  "payments-provider-api-key": "$provider_key"
}
JSON
mv "$file.tmp" "$file"
say "made development secrets in $file (a new JWT signing key and provider key)"

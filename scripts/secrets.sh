#!/usr/bin/env bash
# Development secrets, made on this machine the first time and never committed: the users
# service's JWT signing key (Ed25519), the card provider's API key, and the staff account's email
# and password (users makes that admin account at start). The local-file secret store
# (components/secrets/secretstore.yaml) reads them from .run/dev-secrets.json. A file made before
# a secret existed gets the missing ones added; the secrets it holds are kept as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[secrets] %s\n' "$*"; }
file=.run/dev-secrets.json
existing='{}'
[ -s "$file" ] && existing=$(cat "$file")
has() { node -e 'process.exit(Object.hasOwn(JSON.parse(process.argv[1]), process.argv[2]) ? 0 : 1)' "$existing" "$1"; }

added=()
add() { has "$1" || added+=("$1" "$2"); }
need_openssl() { command -v openssl >/dev/null || { say "error: openssl is needed to make the development keys (apt-get install openssl)" >&2; exit 1; }; }

has users-jwt-signing-key || { need_openssl; added+=(users-jwt-signing-key "$(openssl genpkey -algorithm ed25519)"); }
has payments-provider-api-key || { need_openssl; added+=(payments-provider-api-key "dev-$(openssl rand -hex 16)"); }
add users-admin-email "admin@quire.test"
has users-admin-password || { need_openssl; added+=(users-admin-password "$(openssl rand -hex 16)"); }
[ ${#added[@]} -eq 0 ] && exit 0

mkdir -p .run
umask 077
node -e '
  const [file, existing, ...pairs] = process.argv.slice(1);
  const secrets = JSON.parse(existing);
  for (let i = 0; i < pairs.length; i += 2) secrets[pairs[i]] = pairs[i + 1];
  require("node:fs").writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
' "$file.tmp" "$existing" "${added[@]}"
mv "$file.tmp" "$file"
names=(); for ((i = 0; i < ${#added[@]}; i += 2)); do names+=("${added[i]}"); done
say "added to $file: ${names[*]} (the admin's password: jq -r '.\"users-admin-password\"' $file)"

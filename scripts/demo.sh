#!/usr/bin/env bash
# make demo: build the provider, start the emulator on 127.0.0.1, register a
# number, change its region (plan, then apply), show the API calls, destroy.
# Needs Go and Terraform >= 1.11; no network, no Meta account.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/whatsapp-demo.XXXXXX")
emulator_pid=""

cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid"
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "1. Build the provider and the emulator"
(cd "$root" && go build -o "$work/bin/terraform-provider-whatsapp" . && go build -o "$work/bin/whatsapp-cloud-emulator" ./cmd/whatsapp-cloud-emulator)

step "   Start the emulator on 127.0.0.1"
"$work/bin/whatsapp-cloud-emulator" -listen 127.0.0.1:0 -ready-file "$work/ready.json" >"$work/emulator.out" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/ready.json" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.out"; exit 1; }
  sleep 0.1
done
[ -s "$work/ready.json" ] || { echo "the emulator did not start" >&2; exit 1; }
cat "$work/emulator.out"
base_url=$(sed -n 's/.*"base_url":"\([^"]*\)".*/\1/p' "$work/ready.json")
token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' "$work/ready.json")

step "2. Write a dev_overrides CLI configuration and apply the example"
cat >"$work/dev.tfrc" <<RC
provider_installation {
  dev_overrides {
    "whatsapp-iac/whatsapp" = "$work/bin"
  }
}
RC
mkdir -p "$work/config"
cp "$root/demo/main.tf" "$work/config/main.tf"
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
export WHATSAPP_BASE_URL="$base_url"
export WHATSAPP_ACCESS_TOKEN="$token"
export TF_VAR_pin="123456"
export CHECKPOINT_DISABLE=1
tf() { terraform -chdir="$work/config" "$@"; }
tf apply -auto-approve -var region=CH

step "3. Change data_localization_region from CH to DE: the plan an auditor reads"
tf plan -var region=DE -out="$work/region.tfplan"

# Optional: what a reviewing pipeline sees. The warnings above are not in
# the saved plan; the policy kit in policies/ reads the plan's JSON instead.
# Runs only when an opa binary is at hand (make policy-test installs one).
opa_bin=""
pinned_opa=$(make -s -C "$root" --no-print-directory print-opa 2>/dev/null || true)
if [ -n "$pinned_opa" ] && [ -x "$pinned_opa" ]; then
  opa_bin="$pinned_opa"
elif command -v opa >/dev/null 2>&1; then
  opa_bin=$(command -v opa)
fi
if [ -n "$opa_bin" ]; then
  step "   The policy kit on the saved plan (terraform show -json, then opa eval)"
  tf show -json "$work/region.tfplan" >"$work/region.json"
  "$opa_bin" eval --format pretty -d "$root/policies" -i "$work/region.json" \
    '{"deny": data.whatsapp.deny, "warn": data.whatsapp.warn, "budget": data.whatsapp.budget}' ||
    echo "(opa eval failed: the kit needs OPA 1.x; skipped)"
  # An approval binds one change (address, actions, number and a digest of
  # what changes): the one the deny message suggests, written as a reviewer
  # would commit it.
  "$opa_bin" eval --format raw -d "$root/policies" -i "$work/region.json" \
    '{"whatsapp_approval": {"ticket": "CHG-1234", "expires": data.whatsapp.suggested_expiry, "changes": [data.whatsapp.suggested_entry(g) | some g in data.whatsapp.gated]}}' \
    >"$work/approval.json" || echo "(opa eval failed: the kit needs OPA 1.x; skipped)"
  echo "With the change approved ($work/approval.json, the entry the deny message suggests):"
  cat "$work/approval.json"; echo
  "$opa_bin" eval --format pretty -d "$root/policies" -d "$work/approval.json" \
    -i "$work/region.json" '{"deny": data.whatsapp.deny, "warn": data.whatsapp.warn}' ||
    echo "(opa eval failed: the kit needs OPA 1.x; skipped)"
fi

step "   Apply it"
tf apply "$work/region.tfplan"

step "   What the API received (register and deregister calls, in order)"
"$work/bin/whatsapp-cloud-emulator" log -ready-file "$work/ready.json" -only register,deregister

step "4. Destroy, then stop the emulator"
tf destroy -auto-approve -var region=DE
"$work/bin/whatsapp-cloud-emulator" log -ready-file "$work/ready.json" -only register,deregister
echo
echo "Demo complete."

#!/usr/bin/env bash
# The whole suite (the acceptance tests and the policy kit's plan tests) under every other CLI
# of the test matrix: Terraform and OpenTofu builds in ../shared/tools (see its
# README), when that folder is there. `make test` already ran them under the
# terraform on PATH. A contributor's machine or a GitHub runner without the
# folder installs the CLIs with the official setup actions instead
# (.github/workflows/test.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${WHATSAPP_CLI_TOOLS:-../shared/tools}
ran=0
for cli in "$tools"/terraform-*/terraform "$tools"/tofu-*/tofu; do
  [ -x "$cli" ] || continue
  cli="$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")"
  host=registry.terraform.io
  case "$cli" in */tofu) host=registry.opentofu.org ;; esac
  echo "--- acceptance tests under $(basename "$(dirname "$cli")") ($cli)"
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" TF_ACC_PROVIDER_HOST="$host" \
    go test -count=1 -timeout "${TEST_TIMEOUT:-30m}" ./...
  ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
  echo "No CLIs under $tools: only the terraform on PATH was tested (make test)."
fi

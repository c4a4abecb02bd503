//go:build generate

// Package tools pins the documentation generator in a module of its own, so
// that the provider's go.mod stays lean.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

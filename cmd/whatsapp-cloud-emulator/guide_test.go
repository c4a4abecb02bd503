package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestGuideDocumentsEveryFlag: every flag -h prints, of the server and of
// the log subcommand, is in the emulator guide.
func TestGuideDocumentsEveryFlag(t *testing.T) {
	raw, err := os.ReadFile("../../templates/guides/testing-with-the-emulator.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	var help bytes.Buffer
	if err := run([]string{"-h"}, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	flags := regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(help.String(), -1)
	if len(flags) < 15 {
		t.Fatalf("only %d flags in -h:\n%s", len(flags), help.String())
	}
	names := []string{"url", "only"} // the log subcommand's own
	for _, f := range flags {
		names = append(names, f[1])
	}
	for _, name := range names {
		if !strings.Contains(guide, "`-"+name+"`") {
			t.Errorf("the guide does not document -%s", name)
		}
	}
}

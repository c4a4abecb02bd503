package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// printLog fetches a running emulator's request log through its control API
// and prints it as a table; secrets are already masked by the emulator.
func printLog(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("log", flag.ContinueOnError)
	readyFile := fs.String("ready-file", "", "the -ready-file the emulator wrote")
	baseURL := fs.String("url", "", "the emulator's URL (instead of -ready-file)")
	token := fs.String("token", "", "the emulator's token (instead of -ready-file)")
	only := fs.String("only", "", "comma-separated operations to show, for example register,deregister")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *readyFile != "" {
		raw, err := os.ReadFile(*readyFile) //nolint:gosec // the operator's own flag
		if err != nil {
			return err
		}
		var ready struct {
			BaseURL     string `json:"base_url"`
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(raw, &ready); err != nil {
			return fmt.Errorf("%s: %w", *readyFile, err)
		}
		*baseURL, *token = ready.BaseURL, ready.AccessToken
	}
	if *baseURL == "" || *token == "" {
		return fmt.Errorf("log needs -ready-file, or -url and -token")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(*baseURL, "/")+"/_emulator/requests", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+*token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("control API answered HTTP %d", resp.StatusCode)
	}
	var log []emulator.Request
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, op := range strings.Split(*only, ",") {
		if op != "" {
			keep[op] = true
		}
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "#\tTIME\tMETHOD\tPATH\tOPERATION\tSTATUS\tTOOK\tBODY")
	n := 0
	for _, r := range log {
		if len(keep) > 0 && !keep[r.Operation] {
			continue
		}
		n++
		status, took, body := describe(r)
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, r.Time.Format("15:04:05.000"), r.Method, r.Path, r.Operation, status, took, body)
	}
	return w.Flush()
}

// formatRequest is one line of the live log the server prints.
func formatRequest(r emulator.Request) string {
	status, took, body := describe(r)
	line := fmt.Sprintf("%s %-6s %s %s -> %s in %s", r.Time.Format("15:04:05.000"), r.Method, r.Path, r.Operation, status, took)
	if body != "" {
		line += " " + body
	}
	return line
}

// describe renders a request's status (with the Graph code and whether a
// fault was injected), its duration and its masked body.
func describe(r emulator.Request) (status, took, body string) {
	status = fmt.Sprint(r.Status)
	if r.Status == 0 {
		status = "no answer"
	}
	if r.ErrorCode != 0 {
		status += fmt.Sprintf(" (code %d)", r.ErrorCode)
	}
	switch {
	case r.Acted:
		status += " [fault after acting]"
	case r.Injected:
		status += " [fault]"
	}
	took = r.Finished.Sub(r.Started).Round(time.Millisecond).String()
	if len(r.Body) > 0 {
		b, _ := json.Marshal(r.Body)
		body = string(b)
	}
	return status, took, body
}

// Command whatsapp-cloud-emulator serves an in-memory WhatsApp Cloud API on
// a loopback address, for trying the provider and testing pipelines without
// a Meta account and without spending a real number's registration budget.
//
//	whatsapp-cloud-emulator -listen 127.0.0.1:8089 -seed numbers.json
//	whatsapp-cloud-emulator log -ready-file ready.json   # print the request log
//
// It prints the base URL and the token to use, then a line per request as
// it is served, and serves the control API described in internal/emulator
// (request log, out-of-band changes, faults). It also serves a webhook
// endpoint of its own over https on loopback (-callback-listen), which
// answers Meta's verification, so that override_callback_uri can be tried
// without writing an endpoint.
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

type numberFlags []string

func (n *numberFlags) String() string     { return strings.Join(*n, ",") }
func (n *numberFlags) Set(v string) error { *n = append(*n, v); return nil }

const usage = `Usage:
  whatsapp-cloud-emulator [flags]        serve the Cloud API emulator on loopback
  whatsapp-cloud-emulator log [flags]    print a running emulator's request log

Flags of the server:
`

func main() {
	var err error
	if len(os.Args) > 1 && os.Args[1] == "log" {
		err = printLog(os.Args[2:], os.Stdout)
	} else {
		err = run(os.Args[1:], os.Stdout)
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "whatsapp-cloud-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("whatsapp-cloud-emulator", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	token := fs.String("token", "", "access token to accept (default: a random one, printed)")
	appSecret := fs.String("app-secret", "", "when set, appsecret_proof is required")
	seed := fs.String("seed", "", "JSON file with {\"wabas\": [...], \"numbers\": [...]}")
	waba := fs.String("waba", "", "WABA id for the numbers given with -number")
	pageSize := fs.Int("page-size", 25, "largest page of a phone_numbers listing")
	cooldown := fs.Duration("register-cooldown", 0, "answer 133015 to a register this soon after a deregister")
	readyFile := fs.String("ready-file", "", "write {\"base_url\",\"access_token\"} as JSON here once listening")
	latency := fs.Duration("latency", 0, "hold every API answer this long, as the distance to Meta would")
	callsPerHour := fs.Int("calls-per-hour", 0, "hourly call budget per app and WABA before 80007 (default Meta's: 200, or 5000 once a number is registered)")
	quiet := fs.Bool("quiet", false, "do not print a line per request")
	appID := fs.String("app-id", emulator.DefaultAppID, "id of the Meta app the token belongs to (GET /app, subscribed_apps)")
	appName := fs.String("app-name", emulator.DefaultAppName, "name of that app")
	appCallback := fs.String("app-callback-url", "", "the app's own callback URL, as webhook_configuration.application reports it")
	callbackListen := fs.String("callback-listen", "127.0.0.1:0",
		"loopback address of the emulator's own https webhook endpoint, which answers Meta's verification for -callback-verify-token (\"\" turns it off)")
	callbackToken := fs.String("callback-verify-token", emulator.DefaultCallbackVerifyToken, "the verify token the emulator's webhook endpoint accepts")
	insecureCallback := fs.Bool("callback-insecure-loopback", false,
		"accept any TLS certificate when verifying a callback URL (the emulator only ever calls loopback hosts), for self-signed test endpoints")
	var numbers numberFlags
	fs.Var(&numbers, "number", "seed a verified, unregistered number: ID or ID=DISPLAY_NUMBER (repeatable)")
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nFlags of log: -ready-file, or -url and -token; -only register,deregister\n")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", *listen, err)
	}
	if !emulator.IsLoopbackHost(host) {
		return fmt.Errorf("-listen %q: the emulator only listens on loopback (127.0.0.1, ::1, localhost)", *listen)
	}
	if *token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		*token = "EMULATOR" + hex.EncodeToString(b)
	}

	opts := emulator.Options{Token: *token, AppSecret: *appSecret, MaxPageSize: *pageSize, RegisterCooldown: *cooldown,
		Latency: *latency, CallsPerHour: *callsPerHour, AppID: *appID, AppName: *appName, AppCallbackURL: *appCallback}
	callback, err := startCallbackEndpoint(context.Background(), *callbackListen, *callbackToken)
	if err != nil {
		return err
	}
	if callback != nil {
		defer callback.Close()
		opts.CallbackClient = trustingClient(callback)
	}
	if *insecureCallback {
		opts.CallbackClient = loopbackTestClient()
	}
	if !*quiet {
		opts.OnRequest = func(r emulator.Request) { fmt.Fprintln(stdout, formatRequest(r)) }
	}
	emu := emulator.New(opts)
	if err := seedEmulator(emu, *seed, *waba, numbers); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *listen)
	if err != nil {
		return err
	}
	baseURL := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "WhatsApp Cloud API emulator listening on %s\n", baseURL)
	fmt.Fprintf(stdout, "  base_url     = %q\n  access_token = %q\n", baseURL, *token)
	ready := map[string]string{"base_url": baseURL, "access_token": *token}
	if callback != nil {
		ready["callback_url"], ready["callback_verify_token"] = callback.URL+"/whatsapp", *callbackToken
		fmt.Fprintf(stdout, "  webhook endpoint (answers Meta's verification, for override_callback_uri):\n    %s/whatsapp  verify token %q\n", callback.URL, *callbackToken)
	}
	for _, id := range emu.SortedNumberIDs() {
		n, _ := emu.Number(id)
		fmt.Fprintf(stdout, "  number %s (%s, %s, waba %s)\n", n.ID, n.DisplayPhoneNumber, n.PlatformType, n.WABAID)
	}
	if *readyFile != "" {
		ready, _ := json.Marshal(ready)
		if err := os.WriteFile(*readyFile, ready, 0o600); err != nil {
			return err
		}
	}

	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errCh := make(chan error, 1)
	go func() { errCh <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	case err := <-errCh:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// startCallbackEndpoint serves emulator.CallbackEndpoint over https on a
// loopback address, with a self-signed certificate for 127.0.0.1 and ::1;
// nil when listen is "".
func startCallbackEndpoint(ctx context.Context, listen, verifyToken string) (*httptest.Server, error) {
	if listen == "" {
		return nil, nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("-callback-listen %q: %w", listen, err)
	}
	if !emulator.IsLoopbackHost(host) {
		return nil, fmt.Errorf("-callback-listen %q: the emulator only listens on loopback (127.0.0.1, ::1, localhost)", listen)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("-callback-listen: %w", err)
	}
	srv := httptest.NewUnstartedServer(&emulator.CallbackEndpoint{VerifyToken: verifyToken})
	_ = srv.Listener.Close() // the listener httptest chose; ours replaces it
	srv.Listener = ln
	srv.StartTLS()
	return srv, nil
}

// trustingClient verifies callbacks with the system's roots plus the
// emulator's own endpoint's certificate.
func trustingClient(callback *httptest.Server) *http.Client {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	pool.AddCert(callback.Certificate())
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// loopbackTestClient verifies callbacks on loopback test endpoints with
// self-signed certificates. The emulator refuses every other host before
// it dials, so skipping certificate checks never reaches the network.
func loopbackTestClient() *http.Client {
	return &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, //nolint:gosec // loopback test endpoints only, see above
	}
}

func seedEmulator(emu *emulator.Emulator, seedPath, waba string, numbers []string) error {
	if seedPath == "" && len(numbers) == 0 {
		// A ready-to-use demo account when nothing else is given.
		return emu.Load(emulator.DemoSeed())
	}
	if seedPath != "" {
		s, err := emulator.ReadSeed(seedPath)
		if err != nil {
			return fmt.Errorf("-seed: %w", err)
		}
		if err := emu.Load(s); err != nil {
			return fmt.Errorf("-seed %s: %w", seedPath, err)
		}
	}
	if waba != "" {
		emu.AddWABA(waba)
	}
	for _, spec := range numbers {
		id, display, _ := strings.Cut(spec, "=")
		if err := emu.Load(emulator.Seed{Numbers: []emulator.Number{{ID: id, WABAID: waba, DisplayPhoneNumber: display}}}); err != nil {
			return fmt.Errorf("-number %s: %w", spec, err)
		}
	}
	return nil
}

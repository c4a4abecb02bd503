package emulator

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// callbackTimeout bounds the verification GET, as Meta's own would be.
const callbackTimeout = 10 * time.Second

// errNoRedirects stops the verification GET at a redirect, which could
// lead away from loopback.
var errNoRedirects = errors.New("redirects are not followed")

// verifyCallback does what Meta does when a callback URL is set: a GET with
// hub.mode=subscribe, hub.verify_token and a random hub.challenge, which the
// endpoint must answer with HTTP 200 and the challenge as its whole body;
// anything else is 2200. It never calls a host outside loopback, and errors
// never repeat the verify token (which rides in the URL's query).
func (e *Emulator) verifyCallback(r *http.Request, rawURI, token string) *graphError {
	u, err := url.Parse(rawURI)
	if err != nil {
		return errCallback("the URL does not parse")
	}
	if !IsLoopbackHost(u.Hostname()) {
		return errCallback("the emulator only calls loopback hosts (127.0.0.0/8, ::1, localhost), and %q is not one; serve the callback on 127.0.0.1 to test it", u.Hostname())
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	challenge := hex.EncodeToString(b)
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.verify_token", token)
	q.Set("hub.challenge", challenge)
	u.RawQuery = q.Encode()

	ctx, cancel := context.WithTimeout(r.Context(), callbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return errCallback("the request could not be built")
	}
	resp, err := e.callbackClient().Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL holds the verify token
		}
		return errCallback("the callback URL could not be reached: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case err != nil:
		return errCallback("reading the answer failed: %v", err)
	case resp.StatusCode != http.StatusOK:
		return errCallback("HTTP Status Code = %d; HTTP Message = %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	case string(body) != challenge:
		return errCallback("the response body does not match the hub.challenge value")
	}
	return nil
}

// callbackClient is Options.CallbackClient (or a plain client), never
// following a redirect.
func (e *Emulator) callbackClient() *http.Client {
	c := http.Client{Timeout: callbackTimeout}
	if e.opts.CallbackClient != nil {
		c = *e.opts.CallbackClient
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return errNoRedirects }
	return &c
}

// httpsURLProblem says why raw is not an absolute https URL with a host and
// no credentials ("" when it is one).
func httpsURLProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "it does not parse as a URL"
	case strings.ContainsAny(raw, " \t\r\n"):
		return "it contains white space"
	case u.Scheme != "https":
		return "it must start with https://"
	case u.Host == "":
		return "it has no host"
	case u.User != nil:
		return "it must not carry credentials"
	}
	return ""
}

// DefaultCallbackVerifyToken is the verify token CallbackEndpoint accepts
// unless told otherwise: the emulator's endpoint is a local demo, and its
// token is printed, not kept secret.
const DefaultCallbackVerifyToken = "emulator-verify-token" //nolint:gosec // a printed demo value, not a credential

// CallbackEndpoint is a webhook endpoint of the emulator's own, so that an
// override can be tried without writing one: it answers Meta's verification
// GET with hub.challenge when hub.mode is subscribe and hub.verify_token is
// VerifyToken (403 otherwise), on any path, and accepts event POSTs. The
// command serves it over https on loopback (-callback-listen), because
// overrides must be https URLs.
type CallbackEndpoint struct {
	VerifyToken string

	mu            sync.Mutex
	verifications int
	refused       int
	events        int
}

func (c *CallbackEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		c.mu.Lock()
		defer c.mu.Unlock()
		want := c.VerifyToken
		if want == "" {
			want = DefaultCallbackVerifyToken
		}
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.challenge") == "" ||
			!hmac.Equal([]byte(q.Get("hub.verify_token")), []byte(want)) {
			c.refused++
			http.Error(w, "verification refused: hub.verify_token does not match", http.StatusForbidden)
			return
		}
		c.verifications++
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = io.WriteString(w, q.Get("hub.challenge")) //nolint:gosec // the challenge echo Meta's check demands, served as text/plain with nosniff
	case http.MethodPost:
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		c.mu.Lock()
		c.events++
		c.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	default:
		http.Error(w, "GET (verification) or POST (events) only", http.StatusMethodNotAllowed)
	}
}

// Counts reports how many verifications the endpoint answered, refused,
// and how many events it received.
func (c *CallbackEndpoint) Counts() (verified, refused, events int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.verifications, c.refused, c.events
}

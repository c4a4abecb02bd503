// Package cloudapi is a client for the parts of Meta's WhatsApp Cloud API
// (Graph API) that manage phone-number registration. It knows nothing of
// Terraform: the provider wires its logging hook to tflog.
package cloudapi

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

const (
	// DefaultBaseURL is Meta's Graph API host.
	DefaultBaseURL = "https://graph.facebook.com"
	// DefaultAPIVersion is the Graph API version used when none is configured.
	DefaultAPIVersion = "v25.0"
	// DefaultMaxRetries bounds the retries of one call (so 5 attempts at most).
	DefaultMaxRetries = 4
	// MaxResponseBytes caps how much of any response body is read.
	MaxResponseBytes = 1 << 20

	defaultRetryWaitMin     = 1 * time.Second
	defaultRetryWaitMax     = 30 * time.Second
	defaultUserAgent        = "terraform-provider-whatsapp/dev"
	defaultRegisterCooldown = 30 * time.Second
)

var (
	// APIVersionPattern is the form of a Graph API version, such as v25.0.
	APIVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)
	nodeIDPattern     = regexp.MustCompile(`^[0-9]+$`)
)

// LogFunc receives the client's debug events. Fields never hold the token,
// the app secret, a PIN, a backup password or a URL query string.
type LogFunc func(ctx context.Context, msg string, fields map[string]any)

// Config configures a Client. Zero values take the documented defaults,
// except MaxRetries, where zero means a single attempt.
type Config struct {
	BaseURL      string
	APIVersion   string
	AccessToken  string
	AppSecret    string
	MaxRetries   int
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RegisterCooldown is the shortest wait after a 133015 ("wait a few
	// minutes before registering"): a register retried sooner is refused
	// again and may still count against the budget. Default 30s.
	RegisterCooldown time.Duration
	UserAgent        string
	HTTPClient       *http.Client
	Log              LogFunc
}

// Client talks to the Graph API. It is safe for concurrent use.
type Client struct {
	base         *url.URL
	version      string
	cooldown     time.Duration
	token        string
	appsecretPrf string
	userAgent    string
	log          LogFunc
	http         *retryablehttp.Client
}

// New validates cfg and builds a Client. A missing access token is not an
// error here: calls fail with ErrNoAccessToken, so that configurations that
// never call the API (validate, plan of a data-free config) still work.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if !APIVersionPattern.MatchString(cfg.APIVersion) {
		return nil, fmt.Errorf("API version %q is not of the form vN.N (for example %s)", cfg.APIVersion, DefaultAPIVersion)
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be zero or more, got %d", cfg.MaxRetries)
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = defaultRetryWaitMin
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = max(defaultRetryWaitMax, cfg.RetryWaitMin)
	}
	if cfg.RegisterCooldown <= 0 {
		cfg.RegisterCooldown = defaultRegisterCooldown
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = defaultUserAgent
	}
	if cfg.Log == nil {
		cfg.Log = func(context.Context, string, map[string]any) {}
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		// A pooled transport reuses connections across calls and retries.
		httpClient = cleanhttp.DefaultPooledClient()
	}

	c := &Client{
		base:      base,
		version:   cfg.APIVersion,
		token:     cfg.AccessToken,
		userAgent: cfg.UserAgent,
		log:       cfg.Log,
		cooldown:  cfg.RegisterCooldown,
	}
	if cfg.AppSecret != "" && cfg.AccessToken != "" {
		c.appsecretPrf = AppSecretProof(cfg.AccessToken, cfg.AppSecret)
	}
	c.http = &retryablehttp.Client{
		HTTPClient:      httpClient,
		Logger:          nil, // its own log lines would print full URLs; ours are redacted
		RetryWaitMin:    cfg.RetryWaitMin,
		RetryWaitMax:    cfg.RetryWaitMax,
		RetryMax:        cfg.MaxRetries,
		CheckRetry:      checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  c.logAttempt,
		ResponseLogHook: c.logResponse,
	}
	return c, nil
}

// ParseBaseURL accepts https URLs, and http only for a loopback host, because
// the bearer token must never travel in clear text over a network.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL %q is not a URL: %w", raw, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("base URL %q has no host; use for example %s", raw, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("base URL %q must not carry a query, a fragment or credentials", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base URL %q uses http:// with the non-loopback host %q: the access token would travel in clear text; use https://, or http:// only with 127.0.0.1, ::1 or localhost", raw, u.Hostname())
		}
	default:
		return nil, fmt.Errorf("base URL %q must start with https:// (or http:// for a loopback host)", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or in 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// AppSecretProof is the hex HMAC-SHA256 of the access token keyed by the app
// secret, as Graph expects in the appsecret_proof parameter.
func AppSecretProof(accessToken, appSecret string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}

// TransportError is a call that got no HTTP answer at all (refused, reset,
// timed out) after every attempt.
type TransportError struct {
	RequestLabel string
	Host         string
	Attempts     int
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s: no answer from %s after %d attempt(s): %v", e.RequestLabel, e.Host, e.Attempts, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

type callInfoKey struct{}

// callInfo travels in the request context so the log hooks and the caller
// can see which call an attempt belongs to and how many attempts it took.
type callInfo struct {
	label    string
	path     string
	body     map[string]any
	attempts int
	// lastCode is the Graph code of the last failed attempt, for backoff.
	lastCode int
}

// AttemptCounter counts the HTTP attempts of every call made with a context
// from WithAttemptCounter. A register or deregister that needed retries may
// have spent more than one call of the number's budget, and the caller may
// want to say so.
type AttemptCounter struct{ n atomic.Int64 }

type attemptCounterKey struct{}

// WithAttemptCounter returns a context whose calls are counted.
func WithAttemptCounter(ctx context.Context) (context.Context, *AttemptCounter) {
	c := &AttemptCounter{}
	return context.WithValue(ctx, attemptCounterKey{}, c), c
}

// Attempts is the number of HTTP attempts counted so far.
func (c *AttemptCounter) Attempts() int { return int(c.n.Load()) }

// call sends one API request (with retries) and decodes a 2xx JSON answer
// into out. label names the operation for errors and logs, for example
// "register phone number 1234".
func (c *Client) call(ctx context.Context, method, label string, pathParts []string, query url.Values, body map[string]any, out any) error {
	if c.token == "" {
		return fmt.Errorf("%s: %w", label, ErrNoAccessToken)
	}
	if !nodeIDPattern.MatchString(pathParts[0]) {
		return fmt.Errorf("%s: id %q is not numeric; Graph ids are digits only", label, pathParts[0])
	}
	u := *c.base
	u.Path = c.base.Path + "/" + c.version + "/" + strings.Join(pathParts, "/")
	if query == nil {
		query = url.Values{}
	}
	if c.appsecretPrf != "" {
		query.Set("appsecret_proof", c.appsecretPrf)
	}
	u.RawQuery = query.Encode()

	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("%s: encoding request: %w", label, err)
		}
	}
	info := &callInfo{label: label, path: "/" + c.version + "/" + strings.Join(pathParts, "/"), body: body}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, callInfoKey{}, info), method, u.String(), payload)
	if err != nil {
		return fmt.Errorf("%s: building request: %w", label, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("%s: stopped after %d attempt(s): %w", label, info.attempts, ctxErr)
		}
		return &TransportError{RequestLabel: label, Host: c.base.Host, Attempts: info.attempts, Err: stripURL(err)}
	}
	defer resp.Body.Close()

	raw, err := readCapped(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: reading the HTTP %d answer: %w", label, resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := parseError(resp, raw)
		apiErr.Attempts = info.attempts
		apiErr.RequestLabel = label
		return apiErr
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s: HTTP %d answer is not the expected JSON (%s): %w", label, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	return nil
}

func readCapped(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxResponseBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxResponseBytes {
		return nil, fmt.Errorf("the body exceeds %d bytes; refusing to read more", MaxResponseBytes)
	}
	return raw, nil
}

// stripURL removes the request URL from *url.Error, whose query string holds
// the appsecret_proof.
func stripURL(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return fmt.Errorf("%s: %w", strings.ToLower(uerr.Op), uerr.Err)
	}
	return err
}

type graphErrorEnvelope struct {
	Error *struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		Subcode      int    `json:"error_subcode"`
		UserTitle    string `json:"error_user_title"`
		UserMessage  string `json:"error_user_msg"`
		FBTraceID    string `json:"fbtrace_id"`
		ErrorDetails struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"error"`
}

func parseError(resp *http.Response, raw []byte) *Error {
	var env graphErrorEnvelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Error == nil {
		return &Error{
			HTTPStatus:  resp.StatusCode,
			NonJSONBody: true,
			ContentType: resp.Header.Get("Content-Type"),
			FBTraceID:   resp.Header.Get("X-Fb-Trace-Id"),
		}
	}
	e := env.Error
	trace := e.FBTraceID
	if trace == "" {
		trace = resp.Header.Get("X-Fb-Trace-Id")
	}
	return &Error{
		HTTPStatus:  resp.StatusCode,
		Code:        e.Code,
		Subcode:     e.Subcode,
		Type:        e.Type,
		Message:     e.Message,
		UserTitle:   e.UserTitle,
		UserMessage: e.UserMessage,
		Details:     e.ErrorDetails.Details,
		FBTraceID:   trace,
	}
}

func (c *Client) logAttempt(_ retryablehttp.Logger, r *http.Request, attempt int) {
	info, _ := r.Context().Value(callInfoKey{}).(*callInfo)
	if info == nil {
		return
	}
	info.attempts = attempt + 1
	if counter, ok := r.Context().Value(attemptCounterKey{}).(*AttemptCounter); ok {
		counter.n.Add(1)
	}
	fields := map[string]any{"method": r.Method, "path": info.path, "attempt": info.attempts}
	if info.body != nil {
		fields["body"] = redactBody(info.body)
	}
	c.log(r.Context(), "Cloud API request: "+info.label, fields)
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	if resp.Request == nil {
		return
	}
	info, _ := resp.Request.Context().Value(callInfoKey{}).(*callInfo)
	if info == nil {
		return
	}
	fields := map[string]any{"status": resp.StatusCode, "path": info.path, "attempt": info.attempts}
	if v := resp.Header.Get("X-Business-Use-Case-Usage"); v != "" {
		fields["business_use_case_usage"] = v
	}
	if v := resp.Header.Get("X-App-Usage"); v != "" {
		fields["app_usage"] = v
	}
	c.log(resp.Request.Context(), "Cloud API response: "+info.label, fields)
}

// secretBodyKeys are request fields whose values must never be logged.
var secretBodyKeys = map[string]bool{"pin": true, "password": true, "data": true}

func redactBody(body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for k, v := range body {
		switch {
		case secretBodyKeys[k]:
			out[k] = "***"
		default:
			if nested, ok := v.(map[string]any); ok {
				out[k] = redactBody(nested)
			} else {
				out[k] = v
			}
		}
	}
	return out
}

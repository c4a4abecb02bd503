// Package cloudapi is a client for the parts of Meta's WhatsApp Cloud API
// (Graph API) that manage phone-number registration. It knows nothing of
// Terraform: the provider wires its logging hook to tflog.
//
// The client's rule is that only a recognised, definite answer from Meta
// counts. A 2xx whose shape it does not know is a NotUnderstoodError, never
// a guess; a register or deregister whose answer was lost is settled by a
// read (see budgetWrite), never by sending it again blind; every wait is
// bounded (per attempt, by Retry-After's cap, by the caller's deadline).
package cloudapi

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

const (
	// DefaultBaseURL is Meta's Graph API host.
	DefaultBaseURL = "https://graph.facebook.com"
	// DefaultAPIVersion is the Graph API version used when none is
	// configured: the current one since 2026-07-29.
	DefaultAPIVersion = "v26.0"
	// DefaultMaxRetries bounds the retries of one call (so 5 attempts at most).
	DefaultMaxRetries = 4
	// MaxResponseBytes caps how much of any response body is read.
	MaxResponseBytes = 1 << 20
	// DefaultAttemptTimeout bounds one HTTP attempt, from the request to the
	// last byte of the answer: a server that hangs or drips its body is cut
	// off and, for a read, tried again.
	DefaultAttemptTimeout = 30 * time.Second
	// DefaultRetryWaitMax is the longest wait between two attempts, and the
	// cap on a Retry-After header.
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultWriteGrace is how long a register or deregister that is already
	// on the wire may run on after its operation is cancelled (Ctrl-C), so
	// that its answer is seen rather than guessed.
	DefaultWriteGrace = 5 * time.Second
	// DefaultReconcileTimeout bounds the read that settles a register or
	// deregister whose answer was lost. It runs even after a cancellation.
	DefaultReconcileTimeout = 20 * time.Second

	defaultRetryWaitMin = 1 * time.Second
	defaultUserAgent    = "terraform-provider-whatsapp/dev"
	// defaultRegisterCooldown is the wait after a 133015 ("wait a few
	// minutes before registering") before the one further attempt.
	defaultRegisterCooldown = 2 * time.Minute
	// maxIDLength bounds a Graph node id; real ones have 15 to 17 digits.
	maxIDLength = 20
)

var (
	// APIVersionPattern is the form of a Graph API version, such as v26.0.
	APIVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)
	// IDPattern is a Graph node id: digits only, of a bounded length.
	IDPattern = regexp.MustCompile(`^[0-9]{1,20}$`)
	// versionSegment finds a Graph version written into a base URL's path.
	versionSegment = regexp.MustCompile(`(?i)^v[0-9]+(\.[0-9]+)?$`)
)

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
	// RegisterCooldown is the wait after a 133015 ("wait a few minutes
	// before registering") before the one further attempt: every refused
	// register may count against the budget. Default 2m.
	RegisterCooldown time.Duration
	// AttemptTimeout bounds one HTTP attempt (DefaultAttemptTimeout).
	AttemptTimeout time.Duration
	// WriteGrace: see DefaultWriteGrace.
	WriteGrace time.Duration
	// ReconcileTimeout: see DefaultReconcileTimeout.
	ReconcileTimeout time.Duration
	// PaceAbove is the share of a Meta call budget (percent) above which
	// the client spaces its calls; default 80. PaceInterval is the spacing,
	// four times longer above 95%; default 1s.
	PaceAbove    int
	PaceInterval time.Duration
	UserAgent    string
	HTTPClient   *http.Client
	Log          LogFunc
	// Clock is the provider's clock (time.Now unless set): it dates what
	// the provider records of its own writes, such as a template's edits
	// (templates_review.go). Only tests set it, through the acctest hook.
	Clock func() time.Time
	// ReviewPollMin and ReviewPollMax bound the wait between two reads of
	// a template in review (WaitTemplateReview); defaults 10s and 2m.
	ReviewPollMin, ReviewPollMax time.Duration
}

// Client talks to the Graph API. It is safe for concurrent use.
type Client struct {
	base         *url.URL
	version      string
	token        string
	appsecretPrf string
	userAgent    string
	log          LogFunc
	http         *http.Client

	maxRetries       int
	waitMin, waitMax time.Duration
	cooldown         time.Duration
	attemptTimeout   time.Duration
	writeGrace       time.Duration
	reconcileTimeout time.Duration
	pace             *pacer
	// secrets are scrubbed from whatever Meta's answers echo back.
	secrets []string
	// unreachable is set when a whole call got no answer at all; later calls
	// then make one attempt each until something answers, so that a plan
	// against a dead host fails in one timeout per operation, not five.
	unreachable atomic.Bool
	// app caches the token's app once Meta has named it (app.go).
	app appCache
	// clock and the review polls: see Config.
	clock                        func() time.Time
	reviewPollMin, reviewPollMax time.Duration
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
		cfg.RetryWaitMax = max(DefaultRetryWaitMax, cfg.RetryWaitMin)
	}
	if cfg.Log == nil {
		cfg.Log = func(context.Context, Level, string, map[string]any) {}
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		// A pooled transport reuses connections across calls and retries.
		httpClient = cleanhttp.DefaultPooledClient()
	}
	c := &Client{
		base:             base,
		version:          cfg.APIVersion,
		token:            cfg.AccessToken,
		userAgent:        orDefault(cfg.UserAgent, defaultUserAgent),
		log:              cfg.Log,
		http:             httpClient,
		maxRetries:       cfg.MaxRetries,
		waitMin:          cfg.RetryWaitMin,
		waitMax:          cfg.RetryWaitMax,
		cooldown:         orDefault(cfg.RegisterCooldown, defaultRegisterCooldown),
		attemptTimeout:   orDefault(cfg.AttemptTimeout, DefaultAttemptTimeout),
		writeGrace:       orDefault(cfg.WriteGrace, DefaultWriteGrace),
		reconcileTimeout: orDefault(cfg.ReconcileTimeout, DefaultReconcileTimeout),
		pace:             newPacer(orDefault(cfg.PaceAbove, 80), orDefault(cfg.PaceInterval, time.Second)),
		clock:            cfg.Clock,
		reviewPollMin:    orDefault(cfg.ReviewPollMin, defaultReviewPollMin),
		reviewPollMax:    max(orDefault(cfg.ReviewPollMax, defaultReviewPollMax), orDefault(cfg.ReviewPollMin, defaultReviewPollMin)),
	}
	if c.clock == nil {
		c.clock = time.Now
	}
	if cfg.AppSecret != "" && cfg.AccessToken != "" {
		c.appsecretPrf = AppSecretProof(cfg.AccessToken, cfg.AppSecret)
	}
	for _, s := range []string{cfg.AccessToken, cfg.AppSecret, c.appsecretPrf} {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// ParseBaseURL accepts https URLs, and http only for a loopback host, because
// the bearer token must never travel in clear text over a network. The
// path must not carry a Graph version: the client adds APIVersion itself.
// Errors never repeat credentials or a query string given in raw.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("base URL (%d characters, not repeated here) is not a URL: %w", len(raw), err)
	}
	shown := safeURL(u)
	if u.Host == "" {
		return nil, fmt.Errorf("base URL %q has no host; use for example %s", shown, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("base URL %q must not carry credentials, a query or a fragment (they are not repeated here); give the access token in access_token", shown)
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if versionSegment.MatchString(seg) {
			return nil, fmt.Errorf("base URL %q carries the Graph API version %s in its path: the provider adds the version itself, so the calls would go to /%s/%s/...; "+
				"set the base URL to the origin only (for example %s) and the version in api_version", shown, seg, seg, DefaultAPIVersion, DefaultBaseURL)
		}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base URL %q uses http:// with the non-loopback host %q: the access token would travel in clear text; use https://, or http:// only with 127.0.0.1, ::1 or localhost", shown, u.Hostname())
		}
	default:
		return nil, fmt.Errorf("base URL %q must start with https:// (or http:// for a loopback host)", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// safeURL is u without its user info, query and fragment.
func safeURL(u *url.URL) string {
	cp := *u
	cp.User, cp.RawQuery, cp.Fragment, cp.ForceQuery = nil, "", "", false
	return cp.String()
}

// AppSecretProof is the hex HMAC-SHA256 of the access token keyed by the app
// secret, as Graph expects in the appsecret_proof parameter.
func AppSecretProof(accessToken, appSecret string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}

// url builds the request URL; the appsecret_proof rides in the query.
func (c *Client) url(pathParts []string, query url.Values) string {
	u := *c.base
	u.Path = c.base.Path + "/" + c.version + "/" + strings.Join(pathParts, "/")
	if c.appsecretPrf != "" {
		if query == nil {
			query = url.Values{}
		}
		query.Set("appsecret_proof", c.appsecretPrf)
	}
	u.RawQuery = query.Encode()
	return u.String()
}

// isLoopbackHost reports whether host is localhost or in 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

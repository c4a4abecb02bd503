package cloudapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

// Level is the importance of a log event.
type Level int

// The levels the client logs at: every request and answer at Debug; waits
// for Meta's call budget and pacing at Info.
const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
)

// LogFunc receives the client's events. Fields never hold the token, the
// app secret, a PIN, a verify token, a backup password or a URL query.
type LogFunc func(ctx context.Context, level Level, msg string, fields map[string]any)

// callInfo describes the call an attempt belongs to, for the logs.
type callInfo struct {
	label   string
	path    string
	body    map[string]any
	attempt int
}

func (c *Client) logRequest(ctx context.Context, info *callInfo) {
	fields := map[string]any{"path": info.path, "attempt": info.attempt}
	if info.body != nil {
		fields["body"] = redactBody(info.body)
	}
	c.log(ctx, LevelDebug, "Cloud API request: "+info.label, fields)
}

func (c *Client) logResponse(ctx context.Context, info *callInfo, status int, took time.Duration, usage Usage, readErr error) {
	fields := map[string]any{"status": status, "path": info.path, "attempt": info.attempt, "duration_ms": took.Milliseconds()}
	if usage.Reported {
		fields["call_budget_used_percent"] = usage.Percent
		fields["call_budget"] = usage.Budget
		if usage.RegainAccess > 0 {
			fields["regain_access_minutes"] = usage.RegainAccess.Minutes()
		}
	}
	if readErr != nil {
		fields["read_error"] = readErr.Error()
	}
	c.log(ctx, LevelDebug, "Cloud API response: "+info.label, fields)
}

// secretBodyKeys are request fields whose values must never be logged, nor
// shown when an answer echoes them.
var secretBodyKeys = map[string]bool{"pin": true, "password": true, "data": true, "verify_token": true}

// shortenedBodyKeys are request fields logged only by their start and
// length: a profile picture handle is good for one upload, and long.
var shortenedBodyKeys = map[string]bool{"profile_picture_handle": true}

func redactBody(body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for k, v := range body {
		switch {
		case secretBodyKeys[k]:
			out[k] = "***"
		case shortenedBodyKeys[k]:
			s, _ := v.(string)
			out[k] = shorten(s)
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

// bodySecrets lists the secret values a request body carries.
func bodySecrets(body map[string]any) []string {
	var out []string
	for k, v := range body {
		switch v := v.(type) {
		case string:
			if secretBodyKeys[k] && v != "" {
				out = append(out, v)
			}
		case map[string]any:
			out = append(out, bodySecrets(v)...)
		}
	}
	return out
}

// scrub replaces every secret in s: Graph sometimes quotes what it was sent,
// for example "Malformed access token <token>", or, for a verify token, the
// callback URL it called (hub.verify_token=<token, URL-encoded>). Each
// secret is replaced in every form it can take there: as is, URL-encoded
// (query and path), JSON-escaped, and JSON-escaped after URL encoding.
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		for _, form := range secretForms(secret) {
			if strings.Contains(s, form) {
				s = strings.ReplaceAll(s, form, "***")
			}
		}
		// Percent-encodings other than Go's: any character escaped or not,
		// in either case of hex (PHP's urlencode writes ~ as %7E; some
		// servers write lower-case hex), + for a space.
		if strings.Contains(s, "%") || strings.Contains(s, "+") {
			s = percentForms(secret).ReplaceAllString(s, "***")
		}
	}
	return s
}

// percentForms matches secret with any of its characters percent-encoded
// (each UTF-8 byte as %XX, in either case of hex), and a space also as +.
func percentForms(secret string) *regexp.Regexp {
	var b strings.Builder
	for _, r := range secret {
		var enc strings.Builder
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&enc, "%%(?:%02X|%02x)", c, c)
		}
		alts := []string{regexp.QuoteMeta(string(r)), enc.String()}
		if r == ' ' {
			alts = append(alts, `\+`)
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	return regexp.MustCompile(b.String())
}

// secretForms lists the encodings of a secret, longest first, so that a
// form that contains another is replaced whole.
func secretForms(secret string) []string {
	if secret == "" {
		return nil
	}
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), strings.ReplaceAll(url.QueryEscape(secret), "+", "%20")}
	for _, f := range append([]string{}, forms...) {
		forms = append(forms, jsonEscaped(f, false), jsonEscaped(f, true), phpJSONEscaped(f))
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(forms)
}

// shorten keeps the first characters of a value and says how long it was.
func shorten(s string) string {
	const keep = 6
	if r := []rune(s); len(r) > keep {
		return fmt.Sprintf("%s… (%d characters)", string(r[:keep]), len(r))
	}
	return "***"
}

// jsonEscaped is s as the inside of a JSON string, with or without Go's
// HTML escaping (& < > as \u0026...).
func jsonEscaped(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return s
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// phpJSONEscaped is s as PHP's json_encode writes it (Graph's own texts):
// "/" as "\/", and every character beyond ASCII as \uXXXX.
func phpJSONEscaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '/':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, "\\u%04x", u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

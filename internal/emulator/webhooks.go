package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// Webhooks (docs/development/cloud-api.md, "Webhooks and profile"): the app the
// token belongs to (GET /app), its subscription to a WABA's webhooks
// (GET/POST/DELETE /{waba}/subscribed_apps) with the WABA-level callback
// override, and the number-level override (POST /{number} with
// webhook_configuration). An override is refused until the app is
// subscribed by a plain POST, and Meta verifies a callback URL when it is
// set (callback.go); the emulator only ever calls a loopback host.

// Operations of this file, as they appear in the log and in faults.
const (
	OpGetApp             = "get_app"
	OpListSubscribedApps = "list_subscribed_apps"
	OpSubscribeApp       = "subscribe_app"
	OpUnsubscribeApp     = "unsubscribe_app"
	OpSetNumberWebhook   = "set_number_webhook"
)

// The app the emulator's token belongs to, unless Options say otherwise.
const (
	DefaultAppID   = "634974688087057"
	DefaultAppName = "Acme Provisioning"
	// MaxCallbackURILength is Meta's limit for override_callback_uri.
	MaxCallbackURILength = 200
)

// webhooks is the module of the app, its subscriptions to WABAs' webhooks
// and the callback overrides (the number-level one in number_webhook.go).
type webhooks struct {
	e *Emulator
	// subscriptions are the apps subscribed to each WABA's webhooks.
	subscriptions map[string][]Subscription
	// tokenApp, when set, is the app the token now belongs to instead of
	// Options' (SwitchTokenApp).
	tokenApp *App
}

func newWebhooks(e *Emulator) module {
	return &webhooks{e: e, subscriptions: map[string][]Subscription{}}
}

func (h *webhooks) table() table {
	return table{
		operations: []operation{
			{name: OpGetApp, pattern: "GET /{version}/app", handle: h.getApp},
			{name: OpListSubscribedApps, pattern: "GET /{version}/{id}/subscribed_apps", onWABA: true, handle: h.listSubscribedApps},
			{name: OpSubscribeApp, pattern: "POST /{version}/{id}/subscribed_apps", onWABA: true, write: true, handle: h.subscribeApp},
			{name: OpUnsubscribeApp, pattern: "DELETE /{version}/{id}/subscribed_apps", onWABA: true, write: true, handle: h.unsubscribeApp},
			// Shares POST /{id} with the PIN (registration.go).
			{name: OpSetNumberWebhook, pattern: "POST /{version}/{id}", write: true, handle: h.setNumberWebhook,
				claims: func(_ string, body map[string]any) bool { return numberWriteOp(body) == OpSetNumberWebhook }},
		},
		controls: h.controls(),
	}
}

// forget keeps the subscriptions: they belong to WABAs, not numbers.
func (h *webhooks) forget(string) {}

// App is a Meta app as subscribed_apps lists it.
type App struct {
	ID   string `json:"app_id"`
	Name string `json:"app_name"`
}

// Subscription is one app's subscription to a WABA's webhooks.
type Subscription struct {
	App
	OverrideCallbackURI string `json:"override_callback_uri,omitempty"`
}

// App is the app the token belongs to.
func (e *Emulator) App() App {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	return h.appLocked()
}

func (h *webhooks) appLocked() App {
	if h.tokenApp != nil {
		return *h.tokenApp
	}
	return App{ID: h.e.opts.AppID, Name: h.e.opts.AppName}
}

// SwitchTokenApp makes the token belong to another app from now on, as a
// token switched to another app's system user (or a wrong CI secret)
// would: GET /app names it, and subscribed_apps calls act as it. An empty
// ID switches back to the app of Options.
func (e *Emulator) SwitchTokenApp(app App) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	if app.ID == "" {
		h.tokenApp = nil
		return
	}
	h.tokenApp = &app
}

// AppendSubscriptionOutOfBand adds an entry to a WABA's list of subscribed
// apps even when the app is already listed: a hostile list that names one
// app twice.
func (e *Emulator) AppendSubscriptionOutOfBand(waba string, s Subscription) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	if _, ok := e.wabas[waba]; !ok {
		e.wabas[waba] = []string{}
	}
	h.subscriptions[waba] = append(h.subscriptions[waba], s)
}

// controls are the routes for subscriptions changed out of band and the
// hostile webhook worlds (a token of another app, an app listed twice).
func (h *webhooks) controls() []control {
	e := h.e
	return []control{
		{"GET /_emulator/wabas/{id}/subscribed_apps", "the WABA's subscriptions", func(w http.ResponseWriter, r *http.Request) {
			writeControlJSON(w, http.StatusOK, append([]Subscription{}, e.Subscriptions(r.PathValue("id"))...))
		}},
		{"POST /_emulator/wabas/{id}/subscribed_apps", `{"app_id","app_name","override_callback_uri"}: subscribe an app out of band (or replace its subscription)`,
			func(w http.ResponseWriter, r *http.Request) {
				var in Subscription
				if !decode(w, r, &in) {
					return
				}
				if !idPattern.MatchString(r.PathValue("id")) || !idPattern.MatchString(in.ID) {
					writeControlError(w, http.StatusBadRequest, "the WABA id and app_id must be digits")
					return
				}
				e.SubscribeOutOfBand(r.PathValue("id"), in)
				writeControlJSON(w, http.StatusOK, e.Subscriptions(r.PathValue("id")))
			}},
		{"DELETE /_emulator/wabas/{id}/subscribed_apps/{app}", "unsubscribe an app out of band", func(w http.ResponseWriter, r *http.Request) {
			if !e.UnsubscribeOutOfBand(r.PathValue("id"), r.PathValue("app")) {
				writeControlError(w, http.StatusNotFound, "app "+r.PathValue("app")+" is not subscribed to WABA "+r.PathValue("id"))
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}},
		{"POST /_emulator/wabas/{id}/subscribed_apps/duplicate", `{"app_id","app_name","override_callback_uri"}: list an app once more (a hostile list that names it twice)`,
			func(w http.ResponseWriter, r *http.Request) {
				var in Subscription
				if !decode(w, r, &in) {
					return
				}
				if !idPattern.MatchString(r.PathValue("id")) || !idPattern.MatchString(in.ID) {
					writeControlError(w, http.StatusBadRequest, "the WABA id and app_id must be digits")
					return
				}
				e.AppendSubscriptionOutOfBand(r.PathValue("id"), in)
				writeControlJSON(w, http.StatusOK, e.Subscriptions(r.PathValue("id")))
			}},
		{"POST /_emulator/app", `{"app_id","app_name"}: the token now belongs to this app ({"app_id":""}: back to the emulator's own)`,
			func(w http.ResponseWriter, r *http.Request) {
				var in App
				if !decode(w, r, &in) {
					return
				}
				if in.ID != "" && !idPattern.MatchString(in.ID) {
					writeControlError(w, http.StatusBadRequest, "app_id must be digits, or empty to switch back")
					return
				}
				e.SwitchTokenApp(in)
				writeControlJSON(w, http.StatusOK, e.App())
			}},
	}
}

// Subscriptions lists the apps subscribed to a WABA's webhooks.
func (e *Emulator) Subscriptions(waba string) []Subscription {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	return slices.Clone(h.subscriptions[waba])
}

// Subscribed returns the token's app's subscription to a WABA, if any.
func (e *Emulator) Subscribed(waba string) (Subscription, bool) {
	return e.SubscribedApp(waba, e.App().ID)
}

// SubscribedApp returns an app's subscription to a WABA, if any.
func (e *Emulator) SubscribedApp(waba, appID string) (Subscription, bool) {
	for _, s := range e.Subscriptions(waba) {
		if s.ID == appID {
			return s, true
		}
	}
	return Subscription{}, false
}

// SubscribeOutOfBand adds or replaces an app's subscription to a WABA, as
// another tool (or another app) would, and declares the WABA.
func (e *Emulator) SubscribeOutOfBand(waba string, s Subscription) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	if _, ok := e.wabas[waba]; !ok {
		e.wabas[waba] = []string{}
	}
	h.putSubscriptionLocked(waba, s)
}

// UnsubscribeOutOfBand removes an app's subscription and reports whether
// there was one.
func (e *Emulator) UnsubscribeOutOfBand(waba, appID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := stateOf[*webhooks](e)
	before := len(h.subscriptions[waba])
	h.subscriptions[waba] = slices.DeleteFunc(h.subscriptions[waba], func(s Subscription) bool { return s.ID == appID })
	return len(h.subscriptions[waba]) < before
}

func (h *webhooks) putSubscriptionLocked(waba string, s Subscription) {
	for i := range h.subscriptions[waba] {
		if h.subscriptions[waba][i].ID == s.ID {
			h.subscriptions[waba][i] = s
			return
		}
	}
	h.subscriptions[waba] = append(h.subscriptions[waba], s)
}

func (h *webhooks) subscribedLocked(waba string) (*Subscription, bool) {
	for i := range h.subscriptions[waba] {
		if h.subscriptions[waba][i].ID == h.appLocked().ID {
			return &h.subscriptions[waba][i], true
		}
	}
	return nil, false
}

func appLink(id string) string { return "https://www.facebook.com/games/?app_id=" + id }

// getApp is GET /app: the app the token belongs to.
func (h *webhooks) getApp(c *graphCall) answer {
	e := h.e
	app := e.App()
	all := map[string]any{"id": app.ID, "name": app.Name, "link": appLink(app.ID)}
	fields := []string{"link", "name", "id"}
	if raw := c.query.Get("fields"); raw != "" {
		fields = strings.Split(raw, ",")
	}
	out := map[string]any{"id": app.ID}
	for _, f := range fields {
		v, known := all[f]
		if !known {
			return fail(errParam(fmt.Sprintf("Tried accessing nonexisting field (%s) on node type (Application)", f), ""))
		}
		out[f] = v
	}
	return ok(out)
}

// listSubscribedApps is GET /{waba}/subscribed_apps, paged like phone_numbers.
func (h *webhooks) listSubscribedApps(c *graphCall) answer {
	e := h.e
	start, limit, g := h.e.pageWindow(c)
	if g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	subs := h.subscriptions[c.id]
	start = min(start, len(subs))
	end := min(start+limit, len(subs))
	data := make([]map[string]any, 0, end-start)
	for _, s := range subs[start:end] {
		item := map[string]any{"whatsapp_business_api_data": map[string]any{"id": s.ID, "name": s.Name, "link": appLink(s.ID)}}
		if s.OverrideCallbackURI != "" {
			item["override_callback_uri"] = s.OverrideCallbackURI
		}
		data = append(data, item)
	}
	out := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{"before": cursor(start), "after": cursor(end)}}
		if end < len(subs) {
			paging["next"] = "https://graph.facebook.com/" + c.r.PathValue("version") + "/" + c.id + "/subscribed_apps?after=" + cursor(end)
		}
		out["paging"] = paging
	}
	return ok(out)
}

// subscribeApp is POST /{waba}/subscribed_apps. Without a body it subscribes
// the app, with no override (removing one that was set); with
// override_callback_uri and verify_token it sets the WABA-level override of
// an app already subscribed, once the callback URL passes verification.
func (h *webhooks) subscribeApp(c *graphCall) answer {
	e := h.e
	if g := onlyKeys(c.body, "override_callback_uri", "verify_token"); g != nil {
		return fail(g)
	}
	rawURI, hasURI := c.body["override_callback_uri"]
	_, hasToken := c.body["verify_token"]
	e.mu.Lock()
	if _, known := e.wabas[c.id]; !known {
		e.mu.Unlock()
		return fail(errNoSuchObject(c.id))
	}
	if !hasURI {
		defer e.mu.Unlock()
		if hasToken {
			return fail(errParam("Param verify_token is only accepted with override_callback_uri", ""))
		}
		h.putSubscriptionLocked(c.id, Subscription{App: h.appLocked()})
		return success()
	}
	_, subscribed := h.subscribedLocked(c.id)
	e.mu.Unlock()
	uri, g := checkOverride(rawURI, c.body["verify_token"])
	if g != nil {
		return fail(g)
	}
	if !subscribed {
		return fail(errMustSubscribe())
	}
	token, _ := c.body["verify_token"].(string)
	if g := e.verifyCallback(c.r, uri, token); g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	sub, subscribed := h.subscribedLocked(c.id)
	if !subscribed {
		// Unsubscribed while the callback was being verified.
		return fail(errMustSubscribe())
	}
	sub.OverrideCallbackURI = uri
	return success()
}

// unsubscribeApp is DELETE /{waba}/subscribed_apps. An app that is not
// subscribed is answered with success: there is nothing left to remove.
func (h *webhooks) unsubscribeApp(c *graphCall) answer {
	e := h.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	h.subscriptions[c.id] = slices.DeleteFunc(h.subscriptions[c.id], func(s Subscription) bool { return s.ID == h.appLocked().ID })
	return success()
}

// checkOverride applies Meta's rules to an override and its verify token.
func checkOverride(rawURI, rawToken any) (string, *graphError) {
	uri, isString := rawURI.(string)
	if !isString || uri == "" {
		return "", errParam("Param override_callback_uri must be a non-empty https URL", "")
	}
	if n := utf8.RuneCountInString(uri); n > MaxCallbackURILength {
		return "", errParam(fmt.Sprintf("Param override_callback_uri must be at most %d characters long", MaxCallbackURILength), fmt.Sprintf("It has %d.", n))
	}
	if msg := httpsURLProblem(uri); msg != "" {
		return "", errParam("Param override_callback_uri must be a valid https URL", msg)
	}
	if token, _ := rawToken.(string); token == "" {
		return "", errParam("Param verify_token is required with override_callback_uri", "Meta sends it back to the callback URL when it verifies it.")
	}
	return uri, nil
}

func errMustSubscribe() *graphError {
	return errParam("Your app must be subscribed to the WhatsApp Business Account before setting an override",
		"Subscribe the app first with POST /{waba-id}/subscribed_apps without override_callback_uri.")
}

// onlyKeys refuses a body field the endpoint does not take.
func onlyKeys(body map[string]any, allowed ...string) *graphError {
	for k := range body {
		if !slices.Contains(allowed, k) {
			return errParam(fmt.Sprintf("Param %s is not a parameter of this endpoint", k), "Accepted: "+strings.Join(allowed, ", "))
		}
	}
	return nil
}

// errCallback is Meta's 2200: the callback URL did not pass verification.
func errCallback(format string, args ...any) *graphError {
	return &graphError{status: http.StatusBadRequest, code: 2200, typ: "OAuthException",
		message: "(#2200) Callback verification failed with the following errors: " + fmt.Sprintf(format, args...)}
}

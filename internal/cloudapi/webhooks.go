package cloudapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Webhooks: the app's subscription to a WABA's webhooks
// (/{waba}/subscribed_apps), with the WABA-level callback override, and a
// number's own override (POST /{number} with webhook_configuration).
// Every write here is idempotent (it sets a state, not a step), so it is
// retried like a read. Verify tokens go out in bodies only, which the logs
// mask; no error repeats them.

const subscribedAppsPageLimit = 100

// MaxCallbackURILength is Meta's limit for override_callback_uri, in
// characters.
const MaxCallbackURILength = 200

// SubscribedApp is one app subscribed to a WABA's webhooks.
type SubscribedApp struct {
	ID   string
	Name string
	Link string
	// OverrideCallbackURI is the WABA-level override of this app ("" when
	// none is set: Meta leaves the field out).
	OverrideCallbackURI string
}

// SubscribedApps lists the apps subscribed to a WABA's webhooks, every page.
// A list that names one app twice with different data is not understood:
// which of the two is the subscription cannot be told.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) SubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	q := url.Values{"limit": {strconv.Itoa(subscribedAppsPageLimit)}}
	label := "list the apps subscribed to WhatsApp Business Account " + wabaID
	apps, err := listAll(ctx, c, label, []string{wabaID, "subscribed_apps"}, q, decodeSubscribedApp)
	if err != nil {
		return nil, err
	}
	return dedupeSubscribedApps(label, apps)
}

// dedupeSubscribedApps keeps one of identical entries (pages that overlap)
// and refuses an app listed twice with different data.
func dedupeSubscribedApps(label string, apps []SubscribedApp) ([]SubscribedApp, error) {
	seen := map[string]SubscribedApp{}
	out := make([]SubscribedApp, 0, len(apps))
	for _, a := range apps {
		prev, dup := seen[a.ID]
		switch {
		case !dup:
			seen[a.ID] = a
			out = append(out, a)
		case prev != a:
			return nil, &NotUnderstoodError{RequestLabel: label, Field: "data",
				Got:  fmt.Sprintf("app %s twice, with different data (override_callback_uri %q and %q)", a.ID, prev.OverrideCallbackURI, a.OverrideCallbackURI),
				Want: "each subscribed app once"}
		}
	}
	return out, nil
}

// decodeSubscribedApp reads {"whatsapp_business_api_data": {"id", "name",
// "link"}, "override_callback_uri"}. The app id decides whether this app is
// subscribed, so it must be there and numeric.
func decodeSubscribedApp(obj object) (SubscribedApp, error) {
	app, err := obj.child("whatsapp_business_api_data")
	if err != nil {
		return SubscribedApp{}, err
	}
	if app == nil {
		return SubscribedApp{}, &NotUnderstoodError{Field: "whatsapp_business_api_data", Got: describeJSON(obj["whatsapp_business_api_data"]), Want: "an object with the app's id"}
	}
	id, err := app.required("id", "the app id")
	if err == nil && !IDPattern.MatchString(id) {
		err = &NotUnderstoodError{Field: "id", Got: describeJSON(app["id"]), Want: "a numeric app id"}
	}
	if err != nil {
		return SubscribedApp{}, prefixField(err, "whatsapp_business_api_data.")
	}
	s := SubscribedApp{ID: id}
	for field, dst := range map[string]*string{"name": &s.Name, "link": &s.Link} {
		if *dst, err = app.str(field); err != nil {
			return SubscribedApp{}, prefixField(err, "whatsapp_business_api_data.")
		}
	}
	if s.OverrideCallbackURI, err = obj.str("override_callback_uri"); err != nil {
		return SubscribedApp{}, err
	}
	return s, nil
}

// Subscription is what Subscribe sends: nothing for a plain subscribe, or a
// WABA-level override with the token Meta sends back when it verifies it.
type Subscription struct {
	OverrideCallbackURI string
	VerifyToken         string
}

// Subscribe subscribes the token's app to a WABA's webhooks. With an
// override, the app must already be subscribed, and Meta verifies the URL
// (error 2200 when the endpoint does not answer the challenge).
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) Subscribe(ctx context.Context, wabaID string, s Subscription) error {
	label := "subscribe the app to the webhooks of WhatsApp Business Account " + wabaID
	var body map[string]any
	if s.OverrideCallbackURI != "" {
		label = "set the callback override of WhatsApp Business Account " + wabaID
		body = map[string]any{"override_callback_uri": s.OverrideCallbackURI, "verify_token": s.VerifyToken}
	}
	_, err := c.call(ctx, &request{method: "POST", label: label, path: []string{wabaID, "subscribed_apps"}, body: body, decode: decodeSuccess})
	return err
}

// Unsubscribe removes the token's app from a WABA's webhooks.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) Unsubscribe(ctx context.Context, wabaID string) error {
	_, err := c.call(ctx, &request{method: "DELETE", label: "unsubscribe the app from the webhooks of WhatsApp Business Account " + wabaID,
		path: []string{wabaID, "subscribed_apps"}, decode: decodeSuccess})
	return err
}

// WebhookConfiguration is where Meta sends a number's messaging webhooks:
// the app's callback URL, the WABA-level and the number-level overrides
// ("" where none is set). The most specific one that is set wins.
type WebhookConfiguration struct {
	Application             string
	WhatsAppBusinessAccount string
	PhoneNumber             string
}

func decodeWebhookConfiguration(conf object) (WebhookConfiguration, error) {
	var w WebhookConfiguration
	for field, dst := range map[string]*string{"application": &w.Application, "whatsapp_business_account": &w.WhatsAppBusinessAccount, "phone_number": &w.PhoneNumber} {
		var err error
		if *dst, err = conf.str(field); err != nil {
			return WebhookConfiguration{}, prefixField(err, "webhook_configuration.")
		}
	}
	return w, nil
}

// NumberWebhookConfiguration reads a number's webhook_configuration. The
// object must be there: a number override absent from it is a definite
// "no override", an answer without it is not understood.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) NumberWebhookConfiguration(ctx context.Context, phoneNumberID string) (*WebhookConfiguration, error) {
	var out *WebhookConfiguration
	_, err := c.call(ctx, &request{
		method: "GET", label: "read the webhook configuration of phone number " + phoneNumberID, path: []string{phoneNumberID},
		query: url.Values{"fields": {"webhook_configuration"}},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err != nil {
				return err
			}
			id, err := obj.required("id", "the phone number id")
			if err != nil {
				return err
			}
			if id != phoneNumberID {
				return &NotUnderstoodError{Field: "id", Got: fmt.Sprintf("%q, another object", id), Want: fmt.Sprintf("%q, the number asked for", phoneNumberID)}
			}
			conf, err := obj.child("webhook_configuration")
			if err != nil {
				return err
			}
			if conf == nil {
				return &NotUnderstoodError{Field: "webhook_configuration", Got: describeJSON(obj["webhook_configuration"]), Want: "an object with the callback URIs"}
			}
			w, err := decodeWebhookConfiguration(conf)
			out = &w
			return err
		},
	})
	return out, err
}

// SetNumberWebhook sets a number's own callback override. The app must be
// subscribed to the number's WABA, and Meta verifies the URL (2200).
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) SetNumberWebhook(ctx context.Context, phoneNumberID, overrideCallbackURI, verifyToken string) error {
	_, err := c.call(ctx, &request{
		method: "POST", label: "set the callback override of phone number " + phoneNumberID, path: []string{phoneNumberID},
		body:   map[string]any{"webhook_configuration": map[string]any{"override_callback_uri": overrideCallbackURI, "verify_token": verifyToken}},
		decode: decodeSuccess,
	})
	return err
}

// RemoveNumberWebhook removes a number's own override (an empty
// override_callback_uri): its webhooks go to the WABA's override, or to the
// app's callback URL.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/embedded-signup/webhooks/override
func (c *Client) RemoveNumberWebhook(ctx context.Context, phoneNumberID string) error {
	_, err := c.call(ctx, &request{
		method: "POST", label: "remove the callback override of phone number " + phoneNumberID, path: []string{phoneNumberID},
		body:   map[string]any{"webhook_configuration": map[string]any{"override_callback_uri": ""}},
		decode: decodeSuccess,
	})
	return err
}

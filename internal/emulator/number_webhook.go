package emulator

// The number-level webhook override: POST /{number} with
// {"webhook_configuration": {"override_callback_uri": ..., "verify_token":
// ...}}, on the route that also sets the PIN (numberWriteOp tells them
// apart, for the log and for faults). Setting one needs the app subscribed
// to the number's WABA and a callback that passes verification, as for the
// WABA-level override (webhooks.go).

// numberWriteOp names a POST /{id} by its body: webhook_configuration alone
// sets the number's webhook override; anything else is a PIN change, which
// setPIN refuses when it also carries webhook_configuration.
func numberWriteOp(body map[string]any) string {
	_, webhook := body["webhook_configuration"]
	_, pin := body["pin"]
	if webhook && !pin {
		return OpSetNumberWebhook
	}
	return OpSetPIN
}

// setNumberWebhook is POST /{number} with {"webhook_configuration":
// {"override_callback_uri": ..., "verify_token": ...}}. An empty
// override_callback_uri, without a verify_token, removes the override.
func (h *webhooks) setNumberWebhook(c *graphCall) answer {
	e := h.e
	conf, isObject := c.body["webhook_configuration"].(map[string]any)
	if !isObject {
		return fail(errParam("Param webhook_configuration must be an object with override_callback_uri", ""))
	}
	if g := onlyKeys(conf, "override_callback_uri", "verify_token"); g != nil {
		return fail(g)
	}
	rawURI, isString := conf["override_callback_uri"].(string)
	if !isString {
		return fail(errParam("Param webhook_configuration[override_callback_uri] is required and must be a string", "Send an empty string to remove the override."))
	}
	_, hasToken := conf["verify_token"]
	e.mu.Lock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		e.mu.Unlock()
		return fail(g)
	}
	if rawURI == "" {
		defer e.mu.Unlock()
		if hasToken {
			return fail(errParam("Param webhook_configuration[verify_token] is only accepted with a non-empty override_callback_uri", ""))
		}
		n.WebhookOverride = ""
		return success()
	}
	_, subscribed := h.subscribedLocked(n.WABAID)
	e.mu.Unlock()
	uri, g := checkOverride(rawURI, conf["verify_token"])
	if g != nil {
		return fail(g)
	}
	if !subscribed {
		return fail(errMustSubscribe())
	}
	token, _ := conf["verify_token"].(string)
	if g := e.verifyCallback(c.r, uri, token); g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if n, g = e.numberLocked(c.id); g != nil {
		return fail(g)
	}
	n.WebhookOverride = uri
	return success()
}

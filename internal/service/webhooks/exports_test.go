package webhooks

// What the external tests (package webhooks_test) need of the package's
// internals. The AWS provider's internal/service/<svc>/exports_test.go model.
var OverrideUpdateFailed = overrideUpdateFailed

// Package framework is what every area of the provider shares
// (internal/service/<area>), and nothing area-specific:
//   - provider_data.go: ProviderData, what Configure hands to resources
//     (the client, the Process and Configured scopes in which each area
//     keeps its ledgers and claims, TokenKey);
//   - operation.go: StartOperation, the one set of default timeouts
//     (DefaultWriteTimeout, DefaultReadTimeout), the timeouts block and its
//     validation, ValidImportID;
//   - notfound.go: the one NotFoundError and the framework.NotFound(err)
//     idiom of every Read and ImportState;
//   - validators.go, validators_text.go: the attribute validators;
//   - diagnostics.go, diagnostics_objects.go: APIError and Explain (why and
//     what to do for every failure, with Meta's fbtrace_id once),
//     ObjectAPIError and Operation for the texts about one Graph object;
//   - logging.go: the "cloudapi" tflog subsystem and its masks.
//
// It imports no area and not the provider, nor net/http (depguard).
package framework

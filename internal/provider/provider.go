// Package provider is the Terraform side of the WhatsApp provider: schemas,
// plans, state and diagnostics. It talks to the Cloud API only through
// internal/cloudapi, and never imports net/http (depguard holds it).
//
// Where to look:
//   - guards.go: the replacement safety rules (guardPreflight,
//     guardReplacementAnnounced, guardPINRotated, guardDuplicateNumber,
//     guardBeforeRegister, guardCreateBeforeDestroy, guardStranded), with
//     the tests that prove each; guards_webhooks.go: the webhook objects' and
//     the token's (guardSameApp, guardHookCreateBeforeDestroy,
//     guardAnnounceTakeover, guardPartialCreate, guardCredentials);
//   - finder.go: the one read of a number and its settings, and the
//     flatten functions the resource and data sources share;
//   - diagnostics.go: why and what to do for every failure (explain);
//     diagnostics_<type>.go: each scenario's text, by name;
//   - <type>_*.go: one Terraform type each (schema, CRUD, plan, validate).
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Environment variables read when the provider block leaves a value unset.
const (
	EnvAccessToken = "WHATSAPP_ACCESS_TOKEN"
	EnvBaseURL     = "WHATSAPP_BASE_URL"
	EnvAPIVersion  = "WHATSAPP_API_VERSION"
	EnvAppSecret   = "WHATSAPP_APP_SECRET" //nolint:gosec // the name of a variable, not a credential
)

var _ provider.Provider = (*WhatsAppProvider)(nil)

// WhatsAppProvider is one provider instance, which Terraform keeps for the
// whole of a plan or an apply.
type WhatsAppProvider struct {
	version string
	// tune adjusts the client's configuration last; only tests set it
	// (export_test.go), to shorten waits and timeouts.
	tune func(*cloudapi.Config)
	// run remembers what this process registered and deregistered, so that a
	// destroy cannot undo a register of the same apply (create_before_destroy).
	run *runLedger
	// hooks does the same for the webhook objects (guards_webhooks.go).
	hooks *hookLedger
	// creds remembers guardCredentials' answer for each token.
	creds *credentialCache
}

// New returns the factory Terraform's plugin server calls.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &WhatsAppProvider{version: version, run: newRunLedger(), hooks: newHookLedger(), creds: newCredentialCache()}
	}
}

type providerModel struct {
	AccessToken types.String `tfsdk:"access_token"`
	BaseURL     types.String `tfsdk:"base_url"`
	APIVersion  types.String `tfsdk:"api_version"`
	AppSecret   types.String `tfsdk:"app_secret"`
	MaxRetries  types.Int64  `tfsdk:"max_retries"`
	Timeout     types.String `tfsdk:"request_timeout"`
}

// providerData reaches resources and data sources through Configure.
type providerData struct {
	client *cloudapi.Client
	run    *runLedger
	hooks  *hookLedger
	// claims is guardDuplicateNumber's record of this plan, new with every
	// Configure.
	claims *numberClaims
	// pinKey keys the hash of the last applied PIN (nil without a token).
	pinKey *pinKey
	// unknownConfig is set when the provider block depends on values known
	// only after apply; calls then fail with a clear message.
	unknownConfig bool
	// secrets are masked in every log line.
	secrets []string
}

func (p *WhatsAppProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "whatsapp"
	resp.Version = p.version
}

func (p *WhatsAppProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages WhatsApp Business phone numbers on Meta's WhatsApp Cloud API as code: their registration, " +
			"two-step verification PIN and data localization region, the app's webhook subscription and callback overrides, " +
			"the business profile, and health checks that tell whether a number can send messages.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A system-user access token with the `whatsapp_business_management` permission. " +
					"Falls back to the `" + EnvAccessToken + "` environment variable. Never logged or stored in state.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Graph API origin. Defaults to `" + cloudapi.DefaultBaseURL + "`, or the `" + EnvBaseURL +
					"` environment variable. `http://` is accepted only for a loopback host (`127.0.0.1`, `::1`, `localhost`), " +
					"such as the local emulator, so that the token never travels in clear text. The origin only: the Graph version goes in `api_version`.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "The Graph API version, of the form `vN.N`. Defaults to `" + cloudapi.DefaultAPIVersion +
					"`, or the `" + EnvAPIVersion + "` environment variable. Meta retires each version about two years after its release.",
				Optional:   true,
				Validators: []validator.String{apiVersionValidator()},
			},
			"app_secret": schema.StringAttribute{
				MarkdownDescription: "The Meta app secret. When set (or `" + EnvAppSecret + "` is), every call carries " +
					"`appsecret_proof`, as apps with \"Require App Secret\" demand. Never logged or stored in state.",
				Optional:  true,
				Sensitive: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a call that failed with a transient error (network, HTTP 5xx, "+
					"codes 1, 2, 4, 17, 341, 80007, 80008, 131000, 133000, 133004, 133015) is retried, with jittered exponential backoff. "+
					"Defaults to %d. Errors that cannot succeed on a retry, such as 133016 (the 10-per-72-hours limit), are never retried. "+
					"Each retried register or deregister may count against that limit.", cloudapi.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP attempt may take, from sending the request to the last byte of the answer, such as `\"30s\"`. "+
					"Defaults to `%s`. A read that hangs or drips is cut off and tried again; a register or deregister that does is never sent again blind: "+
					"the provider reads the number to learn whether it took effect. Each operation is also bounded by the resource's `timeouts` "+
					"(a refresh by `read`, default 90s).", cloudapi.DefaultAttemptTimeout),
				Optional:   true,
				Validators: []validator.String{positiveDurationValidator{max: 10 * time.Minute}},
			},
		},
	}
}

func apiVersionValidator() validator.String {
	return stringvalidator.RegexMatches(cloudapi.APIVersionPattern, "must be a Graph API version such as "+cloudapi.DefaultAPIVersion)
}

func (p *WhatsAppProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.AccessToken.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.APIVersion.IsUnknown() ||
		cfg.AppSecret.IsUnknown() || cfg.MaxRetries.IsUnknown() || cfg.Timeout.IsUnknown() {
		// Plan must not fail: resources to be created can still be planned.
		data := &providerData{run: p.run, hooks: p.hooks, claims: newNumberClaims(), unknownConfig: true}
		resp.ResourceData, resp.DataSourceData = data, data
		return
	}

	baseURL := firstSet(cfg.BaseURL, EnvBaseURL, cloudapi.DefaultBaseURL)
	if _, err := cloudapi.ParseBaseURL(baseURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid base_url",
			err.Error()+". The value came from "+source(cfg.BaseURL, EnvBaseURL)+".")
	}
	apiVersion := firstSet(cfg.APIVersion, EnvAPIVersion, cloudapi.DefaultAPIVersion)
	if !cloudapi.APIVersionPattern.MatchString(apiVersion) {
		resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid api_version",
			fmt.Sprintf("%q (from %s) is not a Graph API version of the form vN.N, for example %s.", apiVersion, source(cfg.APIVersion, EnvAPIVersion), cloudapi.DefaultAPIVersion))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	token := firstSet(cfg.AccessToken, EnvAccessToken, "")
	appSecret := firstSet(cfg.AppSecret, EnvAppSecret, "")
	maxRetries := int64(cloudapi.DefaultMaxRetries)
	if !cfg.MaxRetries.IsNull() {
		maxRetries = cfg.MaxRetries.ValueInt64()
	}

	var attemptTimeout time.Duration
	if !cfg.Timeout.IsNull() {
		attemptTimeout, _ = time.ParseDuration(cfg.Timeout.ValueString()) // validated
	}
	clientCfg := cloudapi.Config{
		BaseURL:        baseURL,
		APIVersion:     apiVersion,
		AccessToken:    token,
		AppSecret:      appSecret,
		MaxRetries:     int(maxRetries),
		AttemptTimeout: attemptTimeout,
		UserAgent:      fmt.Sprintf("terraform-provider-whatsapp/%s (+https://registry.terraform.io/providers/whatsapp-iac/whatsapp) Terraform/%s", p.version, req.TerraformVersion),
		Log:            clientLog,
	}
	if p.tune != nil {
		p.tune(&clientCfg)
	}
	client, err := cloudapi.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	data := &providerData{client: client, run: p.run, hooks: p.hooks, claims: newNumberClaims(), pinKey: newPINKey(token)}
	for _, s := range []string{token, appSecret} {
		if s != "" {
			data.secrets = append(data.secrets, s)
		}
	}
	if token != "" {
		if d := p.guardCredentials(data.logContext(ctx), client, clientCfg, tokenSource(cfg.AccessToken)); d != nil {
			resp.Diagnostics.Append(d)
			return
		}
	}
	resp.ResourceData, resp.DataSourceData = data, data
}

// firstSet applies the precedence: attribute, then environment, then default.
func firstSet(attr types.String, env, def string) string {
	if !attr.IsNull() {
		return attr.ValueString()
	}
	if v, ok := os.LookupEnv(env); ok && v != "" {
		return v
	}
	return def
}

func source(attr types.String, env string) string {
	if !attr.IsNull() {
		return "the provider block"
	}
	if os.Getenv(env) != "" {
		return "the " + env + " environment variable"
	}
	return "the default"
}

// tokenSource names where the access token came from, for texts that must
// never show the token itself.
func tokenSource(attr types.String) string {
	if !attr.IsNull() {
		return "the provider block's access_token"
	}
	return "the " + EnvAccessToken + " environment variable"
}

func (p *WhatsAppProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewPhoneRegistrationResource, NewWebhookSubscriptionResource, NewPhoneNumberWebhookResource, NewBusinessProfileResource}
}

func (p *WhatsAppProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewPhoneNumberDataSource, NewPhoneNumbersDataSource}
}

// providerDataFrom unpacks what Configure hands to a resource or data source.
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", raw))
	}
	return data
}

// clientFrom returns the API client, or adds why there is none.
func clientFrom(data *providerData, diags *diag.Diagnostics) *cloudapi.Client {
	if data == nil || data.unknownConfig || data.client == nil {
		notConfigured(diags)
		return nil
	}
	return data.client
}

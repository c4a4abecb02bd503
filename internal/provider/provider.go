// Package provider is the provider only: its schema, Configure (with the
// token check, guardCredentials, in provider_credentials.go) and the lists
// of resources and data sources. Each Terraform type lives in its API area,
// internal/service/<area>, and what the areas share in internal/framework;
// docs/development/adding-a-resource.md says how a type is added. It talks
// to the Cloud API only through internal/cloudapi, and never imports
// net/http (depguard holds it).
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/profile"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/registration"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/templates"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/webhooks"
)

var (
	_ provider.Provider                  = (*WhatsAppProvider)(nil)
	_ provider.ProviderWithListResources = (*WhatsAppProvider)(nil)
	_ provider.ProviderWithActions       = (*WhatsAppProvider)(nil)
)

// WhatsAppProvider is one provider instance, which Terraform keeps for the
// whole of a plan or an apply.
type WhatsAppProvider struct {
	version string
	// tune adjusts the client's configuration last; only tests set it
	// (NewForTests, for internal/acctest), to shorten waits and timeouts.
	tune func(*cloudapi.Config)
	// process is what the areas keep for the life of this process: the
	// registration's run ledger, so that a destroy cannot undo a register
	// of the same apply (create_before_destroy), and the webhooks' hook
	// ledger (each area's guards file).
	process *framework.Scope
	// creds remembers guardCredentials' answer for each token.
	creds *credentialCache
}

// New returns the factory Terraform's plugin server calls.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &WhatsAppProvider{version: version, process: framework.NewScope(), creds: newCredentialCache()}
	}
}

type providerModel struct {
	AccessToken types.String `tfsdk:"access_token"`
	BaseURL     types.String `tfsdk:"base_url"`
	APIVersion  types.String `tfsdk:"api_version"`
	AppSecret   types.String `tfsdk:"app_secret"`
	MaxRetries  types.Int64  `tfsdk:"max_retries"`
	Timeout     types.String `tfsdk:"request_timeout"`
	RegPIN      types.String `tfsdk:"registration_pin"`
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
					"Falls back to the `" + framework.EnvAccessToken + "` environment variable. Never logged or stored in state.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Graph API origin. Defaults to `" + cloudapi.DefaultBaseURL + "`, or the `" + framework.EnvBaseURL +
					"` environment variable. `http://` is accepted only for a loopback host (`127.0.0.1`, `::1`, `localhost`), " +
					"such as the local emulator, so that the token never travels in clear text. The origin only: the Graph version goes in `api_version`.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "The Graph API version, of the form `vN.N`. Defaults to `" + cloudapi.DefaultAPIVersion +
					"`, or the `" + framework.EnvAPIVersion + "` environment variable. Meta retires each version about two years after its release.",
				Optional:   true,
				Validators: []validator.String{apiVersionValidator()},
			},
			"app_secret": schema.StringAttribute{
				MarkdownDescription: "The Meta app secret. When set (or `" + framework.EnvAppSecret + "` is), every call carries " +
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
				Validators: []validator.String{framework.PositiveDurationValidator{Max: 10 * time.Minute}},
			},
			"registration_pin": schema.StringAttribute{
				MarkdownDescription: "The two-step verification PIN that the `whatsapp_phone_registration_reregister` action presents when it registers a number again; " +
					"nothing else uses it. Falls back to the `" + framework.EnvRegistrationPIN + "` environment variable. Action arguments cannot be sensitive or " +
					"write-only, so the PIN is given here instead of to the action. Never logged or stored in state; a saved plan keeps it only if a " +
					"non-ephemeral variable or a literal feeds it: use the environment variable, an `ephemeral = true` variable or an ephemeral resource. " +
					"One provider block presents one PIN: give numbers with different PINs a provider alias each.",
				Optional:  true,
				Sensitive: true,
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
		cfg.AppSecret.IsUnknown() || cfg.MaxRetries.IsUnknown() || cfg.Timeout.IsUnknown() || cfg.RegPIN.IsUnknown() {
		// Plan must not fail: resources to be created can still be planned.
		data := framework.NewProviderData(nil, p.process, "", "")
		resp.ResourceData, resp.DataSourceData, resp.ListResourceData, resp.ActionData = data, data, data, data
		return
	}

	baseURL := firstSet(cfg.BaseURL, framework.EnvBaseURL, cloudapi.DefaultBaseURL)
	if _, err := cloudapi.ParseBaseURL(baseURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid base_url",
			err.Error()+". The value came from "+source(cfg.BaseURL, framework.EnvBaseURL)+".")
	}
	apiVersion := firstSet(cfg.APIVersion, framework.EnvAPIVersion, cloudapi.DefaultAPIVersion)
	if !cloudapi.APIVersionPattern.MatchString(apiVersion) {
		resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid api_version",
			fmt.Sprintf("%q (from %s) is not a Graph API version of the form vN.N, for example %s.", apiVersion, source(cfg.APIVersion, framework.EnvAPIVersion), cloudapi.DefaultAPIVersion))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	token := firstSet(cfg.AccessToken, framework.EnvAccessToken, "")
	appSecret := firstSet(cfg.AppSecret, framework.EnvAppSecret, "")
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
		Log:            framework.ClientLog,
	}
	if p.tune != nil {
		p.tune(&clientCfg)
	}
	client, err := cloudapi.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	data := framework.NewProviderData(client, p.process, token, appSecret)
	data.SetRegistrationPIN(firstSet(cfg.RegPIN, framework.EnvRegistrationPIN, ""))
	if token != "" {
		if d := p.guardCredentials(data.LogContext(ctx), client, clientCfg, tokenSource(cfg.AccessToken), appSecretSource(cfg.AppSecret)); d != nil {
			resp.Diagnostics.Append(d)
			return
		}
	}
	resp.ResourceData, resp.DataSourceData, resp.ListResourceData, resp.ActionData = data, data, data, data
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
	return "the " + framework.EnvAccessToken + " environment variable"
}

func appSecretSource(attr types.String) string {
	switch {
	case !attr.IsNull():
		return "the provider block's app_secret"
	case os.Getenv(framework.EnvAppSecret) != "":
		return "the " + framework.EnvAppSecret + " environment variable"
	}
	return "no app secret (none is set in app_secret or " + framework.EnvAppSecret + ")"
}

// Resources lists every resource type, one line each: a new resource is
// its file set in internal/service/<area> and one line here.
func (p *WhatsAppProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		registration.NewPhoneRegistrationResource,
		webhooks.NewWebhookSubscriptionResource,
		webhooks.NewPhoneNumberWebhookResource,
		profile.NewBusinessProfileResource,
		templates.NewMessageTemplateResource,
	}
}

// ListResources lists every list resource (terraform query, Terraform
// 1.14+), one line each, named as its resource type.
func (p *WhatsAppProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		registration.NewPhoneRegistrationList,
		webhooks.NewWebhookSubscriptionList,
		webhooks.NewPhoneNumberWebhookList,
		profile.NewBusinessProfileList,
		templates.NewMessageTemplateList,
	}
}

// Actions lists every action (terraform apply -invoke, action_trigger;
// Terraform 1.14+), one line each.
func (p *WhatsAppProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		registration.NewReregisterAction,
	}
}

// DataSources lists every data source type, one line each.
func (p *WhatsAppProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		registration.NewPhoneNumberDataSource,
		registration.NewPhoneNumbersDataSource,
		templates.NewMessageTemplatesDataSource,
	}
}

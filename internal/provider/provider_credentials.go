package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// credentialCheckTimeout bounds guardCredentials' one call.
const credentialCheckTimeout = 60 * time.Second

// credentialCache is guardCredentials' memory for one provider process:
// Terraform configures the provider once per graph walk (an apply is a
// plan walk and an apply walk), and the token is checked only once.
type credentialCache struct {
	mu      sync.Mutex
	results map[string]credentialResult
}

type credentialResult struct {
	app     *cloudapi.App
	refused error
	// secret says the refusal was of the appsecret_proof, not the token.
	secret bool
}

func newCredentialCache() *credentialCache {
	return &credentialCache{results: map[string]credentialResult{}}
}

// credentialKey identifies a token at an endpoint without keeping it.
func credentialKey(cfg cloudapi.Config) string {
	sum := sha256.Sum256([]byte(cfg.BaseURL + "\x00" + cfg.APIVersion + "\x00" + cfg.AccessToken + "\x00" + cfg.AppSecret))
	return hex.EncodeToString(sum[:])
}

// guardCredentials checks, once per process and token, that Meta accepts
// the token (GET /app), and hands the answer to the client so that the
// resources do not ask again. Only a definite refusal of the token (190, or
// a missing permission) is an error, naming where the token came from; any
// other failure is left to the calls that need the API, which explain it.
func (p *WhatsAppProvider) guardCredentials(ctx context.Context, client *cloudapi.Client, cfg cloudapi.Config, tokenSource, secretSource string) diag.Diagnostic {
	key := credentialKey(cfg)
	p.creds.mu.Lock()
	cached, ok := p.creds.results[key]
	p.creds.mu.Unlock()
	if !ok {
		ctx, cancel := context.WithTimeout(ctx, credentialCheckTimeout)
		defer cancel()
		app, err := client.App(ctx)
		switch apiErr, isAPI := cloudapi.AsError(err); {
		case err == nil:
			cached = credentialResult{app: app}
		case isAPI && apiErr.IsAuth():
			cached = credentialResult{refused: err}
		case isAPI && apiErr.IsAppSecretProofRefused():
			// Every call would be refused the same way: as definite as a
			// refused token.
			cached = credentialResult{refused: err, secret: true}
		default:
			tflog.Warn(ctx, "Could not check the access token with GET /app; the calls that need the API will say why", map[string]any{"error": err.Error()})
			return nil
		}
		p.creds.mu.Lock()
		p.creds.results[key] = cached
		p.creds.mu.Unlock()
	}
	switch {
	case cached.refused != nil && cached.secret:
		return appSecretRefusedError(secretSource, cached.refused)
	case cached.refused != nil:
		return tokenRefusedError(tokenSource, cached.refused)
	}
	client.RememberApp(*cached.app)
	return nil
}

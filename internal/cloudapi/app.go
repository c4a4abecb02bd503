package cloudapi

import (
	"context"
	"net/url"
	"sync"
)

// appNode is the Graph path of the token's own app (GET /app): the one path
// the client calls whose first segment is not a numeric id.
const appNode = "app"

// App is the Meta app the access token belongs to.
type App struct {
	ID   string
	Name string
}

// appCache holds the app once Meta has named it: a token belongs to one app
// for its whole life, so one definite answer per client is enough.
type appCache struct {
	mu  sync.Mutex
	app *App
}

// App reads the app the access token belongs to (GET /app). The id is what
// subscribed_apps lists, so it is how the provider finds its own
// subscription among other apps'. Only a definite answer is cached.
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/application/
func (c *Client) App(ctx context.Context) (*App, error) {
	c.app.mu.Lock()
	cached := c.app.app
	c.app.mu.Unlock()
	if cached != nil {
		cp := *cached
		return &cp, nil
	}
	var out *App
	_, err := c.call(ctx, &request{
		method: "GET", label: "read the app of the access token", path: []string{appNode},
		query: url.Values{"fields": {"id,name"}},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err != nil {
				return err
			}
			id, err := obj.required("id", "the app id")
			if err != nil {
				return err
			}
			if !IDPattern.MatchString(id) {
				return &NotUnderstoodError{Field: "id", Got: describeJSON(obj["id"]), Want: "a numeric app id"}
			}
			name, err := obj.str("name")
			if err != nil {
				return err
			}
			out = &App{ID: id, Name: name}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	c.app.mu.Lock()
	c.app.app = out
	c.app.mu.Unlock()
	cp := *out
	return &cp, nil
}

// RememberApp records what an earlier definite GET /app answered for the
// same token (the provider checks the token once per process, then builds
// a client per configuration), so that this client does not ask again.
func (c *Client) RememberApp(app App) {
	c.app.mu.Lock()
	defer c.app.mu.Unlock()
	cp := app
	c.app.app = &cp
}

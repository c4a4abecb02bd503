package emulator

import (
	"encoding/base64"
	"strconv"
)

// Cursor paging, as Graph's list edges page: limit (at most MaxPageSize)
// and an opaque after cursor in; data, cursors and a next link out. Every
// module's list uses it, so that the client's paging loop meets one
// behaviour.

func cursor(i int) string { return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i))) }

// pageWindow reads a list call's limit and after cursor.
func (e *Emulator) pageWindow(c *graphCall) (start, limit int, g *graphError) {
	limit = e.opts.MaxPageSize
	if v := c.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, 0, errParam("Param limit must be a positive integer", "")
		}
		limit = min(n, e.opts.MaxPageSize)
	}
	if after := c.query.Get("after"); after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(after)
		if err != nil {
			return 0, 0, errParam("Invalid cursor in after", "")
		}
		if start, err = strconv.Atoi(string(raw)); err != nil || start < 0 {
			return 0, 0, errParam("Invalid cursor in after", "")
		}
	}
	return start, limit, nil
}

// page answers items [start, start+limit) of total, built by item, with
// the cursors and, when more follow, a next link that repeats the call's
// query with the access token in clear (as Meta's does).
func (e *Emulator) page(c *graphCall, start, limit, total int, item func(i int) map[string]any) map[string]any {
	start = min(start, total)
	end := min(start+limit, total)
	data := make([]map[string]any, 0, end-start)
	for i := start; i < end; i++ {
		data = append(data, item(i))
	}
	out := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{"before": cursor(start), "after": cursor(end)}}
		if end < total {
			next := *c.r.URL
			next.Scheme, next.Host = "http", c.r.Host
			nq := next.Query()
			nq.Set("access_token", e.opts.Token)
			nq.Set("after", cursor(end))
			next.RawQuery = nq.Encode()
			paging["next"] = next.String()
		}
		out["paging"] = paging
	}
	return out
}

package cloudapi

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
)

// maxPages stops a server that pages forever.
const maxPages = 1000

// listAll reads every page of a Graph edge (phone_numbers, subscribed_apps).
func listAll[T any](ctx context.Context, c *Client, label string, path []string, query url.Values, item func(object) (T, error)) ([]T, error) {
	var all []T
	for v, err := range eachItem(ctx, c, label, path, query, item) {
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, nil
}

// eachItem yields the items of a Graph edge page by page, lazily: the next
// page is asked for only when the consumer has taken every item of the one
// before, and a consumer that stops early (a query with enough results)
// spends no further call. It builds each page's URL itself from the
// `after` cursor instead of following paging.next, which carries the
// access token in its query string and may name another host. item decodes
// one element of data; its errors are reported as data[i].field. An error
// is yielded once, last.
func eachItem[T any](ctx context.Context, c *Client, label string, path []string, query url.Values, item func(object) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		after := ""
		for page := 1; ; page++ {
			if page > maxPages {
				yield(zero, fmt.Errorf("%s: more than %d pages; stopping", label, maxPages))
				return
			}
			q := url.Values{}
			for k, v := range query {
				q[k] = v
			}
			if after != "" {
				q.Set("after", after)
			}
			var items []T
			var next, cursor string
			_, err := c.call(ctx, &request{
				method: "GET", label: fmt.Sprintf("%s (page %d)", label, page), path: path, query: q,
				decode: func(raw []byte) error {
					var err error
					items, next, cursor, err = decodePage(raw, item)
					return err
				},
			})
			if err != nil {
				yield(zero, err)
				return
			}
			// A page whose cursor is broken is not handed out: a partial list
			// taken as whole would make numbers or apps look gone.
			if next != "" && (cursor == "" || cursor == after) {
				got := "missing"
				if cursor != "" {
					got = fmt.Sprintf("%q, the cursor of the page before", cursor)
				}
				yield(zero, &NotUnderstoodError{RequestLabel: fmt.Sprintf("%s (page %d)", label, page), Field: "paging.cursors.after",
					Got: got, Want: "a new cursor, since paging.next announces another page"})
				return
			}
			for _, v := range items {
				if !yield(v, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			after = cursor
		}
	}
}

// decodePage reads {"data": [...], "paging": {"cursors": {"after"}, "next"}}.
// data must be an array: a page without it is not an empty page.
func decodePage[T any](raw []byte, item func(object) (T, error)) (items []T, next, after string, err error) {
	obj, err := decodeObject(raw)
	if err != nil {
		return nil, "", "", err
	}
	var elems []json.RawMessage
	if v, ok := obj["data"]; !ok || json.Unmarshal(v, &elems) != nil || elems == nil {
		return nil, "", "", &NotUnderstoodError{Field: "data", Got: describeJSON(obj["data"]), Want: "a JSON array"}
	}
	for i, elem := range elems {
		elemObj, err := decodeObject(elem)
		if err == nil {
			var v T
			if v, err = item(elemObj); err == nil {
				items = append(items, v)
				continue
			}
		}
		return nil, "", "", prefixField(err, fmt.Sprintf("data[%d].", i))
	}
	paging, err := obj.child("paging")
	if err != nil || paging == nil {
		return items, "", "", err
	}
	cursors, err := paging.child("cursors")
	if err != nil {
		return nil, "", "", prefixField(err, "paging.")
	}
	if next, err = paging.str("next"); err != nil {
		return nil, "", "", prefixField(err, "paging.")
	}
	if after, err = cursors.str("after"); err != nil {
		return nil, "", "", prefixField(err, "paging.cursors.")
	}
	return items, next, after, nil
}

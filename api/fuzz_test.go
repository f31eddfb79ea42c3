package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"zoneboard"
)

// FuzzDecodeJSON: any request body is decoded into a request or refused with a reason a
// person can act on (400 or 413), never an internal error or a panic.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"observations":[{"unit":"370171","indicator":"gdp","period":"2020","value":1291.5,"growth":6.5}]}`,
		`{"observations":[{"unit":"370171","value":"12"}]}`, `{"observations":"x"}`, `[]`, `{}`, ``, `{"a":1}`,
		`{"observations":[]} {"x":1}`, `{"observations":[{"value":1e400}]}`, `{"name":"\u0000"}`, `{"role":"admin","scope":[1]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []any{
			&struct {
				Observations []observationInput `json:"observations"`
				DryRun       bool               `json:"dry_run"`
			}{},
			&struct {
				DisplayName string   `json:"display_name"`
				Role        string   `json:"role"`
				Scope       []string `json:"scope"`
				Disabled    bool     `json:"disabled"`
				Password    string   `json:"password"`
			}{},
		} {
			r := httptest.NewRequest("PUT", "/api/v1/x", strings.NewReader(body))
			err := decodeJSON(httptest.NewRecorder(), r, target)
			if err == nil {
				continue
			}
			if code := zoneboard.ErrorCode(err); code != zoneboard.EInvalid && code != zoneboard.ETooLarge {
				t.Fatalf("body %q: %v (%s)", body, err, code)
			}
			if msg := zoneboard.ErrorMessage(err); msg == "" {
				t.Fatalf("body %q: an empty message", body)
			}
		}
	})
}

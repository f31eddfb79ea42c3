package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/msg"
	"zoneboard/period"
)

// maxQueryRows bounds one query's answer; a larger one is refused with a request to narrow it.
const maxQueryRows = 200000

var errTooManyRows = zoneboard.Fail(zoneboard.EInvalid, "api.query_too_large", "max", maxQueryRows)

// periodsParam parses a comma-separated list of periods.
func periodsParam(r *http.Request, name string) ([]period.Period, error) {
	var out []period.Period
	for _, code := range list(r, name) {
		p, err := period.Parse(code)
		if err != nil {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "api.parameter", "name", name, "error", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// query answers GET /api/v1/query with the parameters of 'zoneboard query'.
func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	q := engine.Query{Indicators: list(r, "indicator"), Units: list(r, "unit"), Group: r.URL.Query().Get("group"),
		Ref: r.URL.Query().Get("ref"), Peers: r.URL.Query().Get("peers"), Extras: list(r, "extra"), Total: r.URL.Query().Get("total"),
		MaxRows: maxQueryRows, Visible: visible(r)}
	if len(q.Indicators) == 0 {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_required", "name", "indicator"))
		return
	}
	var err error
	if q.Periods, err = periodsParam(r, "period"); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(q.Periods) == 0 {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_required", "name", "period"))
		return
	}
	if base := r.URL.Query().Get("base"); base != "" {
		if q.Base, err = period.Parse(base); err != nil {
			s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter", "name", "base", "error", err))
			return
		}
	}
	switch format := r.URL.Query().Get("format"); format {
	case "", "json":
	case "csv", "xlsx":
		rows, err := s.Engine.Query(r.Context(), q)
		if err == nil && len(rows) > maxQueryRows {
			err = errTooManyRows
		}
		if err == nil {
			err = writeRowsFile(w, format, rows, q.Extras)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
		return
	default:
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_choice", "name", "format", "text", msg.Quoted(format), "choices", "json, csv, xlsx"))
		return
	}
	var body bytes.Buffer
	body.WriteString(`{"rows":[`)
	n := 0
	err = s.Engine.Each(r.Context(), q, func(row *engine.Row) error {
		if n++; n > maxQueryRows {
			return errTooManyRows
		}
		if n > 1 {
			body.WriteByte(',')
		}
		body.Write(row.JSON(q.Extras))
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body.WriteString("]}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body.Bytes())
}

// check answers GET /api/v1/check with the consistency report of 'zoneboard check'.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	periods, err := periodsParam(r, "period")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	units, err := scopeUnits(r, list(r, "unit"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	checks, err := s.Engine.Consistency(r.Context(), units, list(r, "indicator"), periods)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]map[string]any, len(checks))
	for i, c := range checks {
		out[i] = map[string]any{"parent": c.Parent, "parent_name": c.ParentName, "indicator": c.Indicator, "period": c.Period.Code(),
			"published": number(c.Published), "children_sum": number(c.ChildrenSum), "children_with_value": c.ChildrenWithValue,
			"children": c.Children, "difference": number(c.Difference), "difference_pct": number(c.DifferencePercent),
			"partitioned": c.Partitioned}
	}
	writeJSON(w, http.StatusOK, map[string]any{"checks": out})
}

// number is a float for JSON: null where it does not apply.
func number(x float64) any {
	if s := engine.FormatNumber(x); s != "" {
		return json.Number(s)
	}
	return nil
}

func parseFloat(s string) (float64, bool) {
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}

package api

import (
	"bytes"
	_ "embed"
	"net/http"
	"strings"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/ingest"
)

// maxExportRows bounds an export through the API.
const maxExportRows = 1_000_000

//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
}

// export answers GET /api/v1/export with the observations as CSV or an xlsx workbook.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter format: %q is not csv or xlsx", format))
		return
	}
	filter := zoneboard.ObservationFilter{Indicators: list(r, "indicator")}
	var err error
	if filter.Units, err = scopeUnits(r, list(r, "unit")); err != nil {
		s.writeError(w, r, err)
		return
	}
	if filter.Periods, err = periodsParam(r, "period"); err != nil {
		s.writeError(w, r, err)
		return
	}
	// An export is built in memory before it is sent: bound it, and ask for a narrower one.
	filter.Limit = maxExportRows + 1
	observations, err := s.Store.FindObservations(r.Context(), filter)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(observations) > maxExportRows {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.ETooLarge, "the export has more than %d observations: name units, indicators or periods, or use 'zoneboard export'", maxExportRows))
		return
	}
	var out bytes.Buffer
	if format == "csv" {
		err = ingest.WriteCSV(&out, observations)
	} else {
		var export *ingest.Export
		if export, err = ingest.WorkbookFor(r.Context(), s.Store, observations); err == nil {
			err = ingest.WriteXLSX(&out, export)
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	attach(w, "observations."+format)
	w.Write(out.Bytes())
}

func attach(w http.ResponseWriter, name string) {
	types := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	w.Header().Set("Content-Type", types[name[strings.LastIndex(name, ".")+1:]])
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// writeRowsFile writes query rows as CSV or as a workbook whose cells are numbers.
func writeRowsFile(w http.ResponseWriter, format string, rows []engine.Row, extras []string) error {
	var out bytes.Buffer
	if format == "csv" {
		if err := engine.WriteCSV(&out, rows, extras); err != nil {
			return err
		}
	} else {
		header := append(append([]string(nil), engine.Columns...), extras...)
		cells := make([][]any, len(rows))
		for i := range rows {
			values := rows[i].Values()
			cells[i] = make([]any, len(values))
			for j, v := range values {
				cells[i][j] = v
				if j >= 4 && v != "" { // numbers stay numbers for the reader's formulas
					if x, ok := parseFloat(v); ok {
						cells[i][j] = x
					}
				}
			}
		}
		if err := ingest.WriteTableXLSX(&out, "query", header, cells); err != nil {
			return err
		}
	}
	attach(w, "query."+format)
	_, err := w.Write(out.Bytes())
	return err
}

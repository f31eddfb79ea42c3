package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"zoneboard"
	"zoneboard/ingest"
	"zoneboard/period"
)

// Limits on what a request may carry.
const (
	maxJSONBody        = 8 << 20
	maxUpload          = 64 << 20
	maxObservationsPut = 10000
)

// decodeJSON reads a request body of at most maxJSONBody bytes into v, refusing unknown
// fields and trailing data, with errors that say what to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, maxJSONBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &tooLarge):
			return zoneboard.Errorf(zoneboard.ETooLarge, "the request body is larger than %d MiB: send fewer records at a time", maxJSONBody>>20)
		case errors.As(err, &typeErr):
			return zoneboard.Errorf(zoneboard.EInvalid, "request body: field %s must be %s, not %s", typeErr.Field, jsonType(typeErr.Type.String()), typeErr.Value)
		case errors.As(err, &syntaxErr):
			return zoneboard.Errorf(zoneboard.EInvalid, "request body is not valid JSON at byte %d: %v", syntaxErr.Offset, err)
		case errors.Is(err, io.EOF):
			return zoneboard.Errorf(zoneboard.EInvalid, "the request body is empty: send a JSON object")
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return zoneboard.Errorf(zoneboard.EInvalid, "request body: %s is not a field of this request", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return zoneboard.Errorf(zoneboard.EInvalid, "request body: %v", err)
	}
	if dec.More() {
		return zoneboard.Errorf(zoneboard.EInvalid, "request body: send one JSON object, nothing after it")
	}
	return nil
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "float"), strings.Contains(goType, "int"):
		return "a number"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	return "an object"
}

// observationInput is one observation in a request.
type observationInput struct {
	Unit      string   `json:"unit"`
	Indicator string   `json:"indicator"`
	Period    string   `json:"period"`
	Value     *float64 `json:"value"`
	Growth    *float64 `json:"growth"`
	Status    string   `json:"status"`
	Source    string   `json:"source"`
	Note      string   `json:"note"`
}

func numberText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// importer validates a request's records with the rules of an import.
func (s *Server) importer() *ingest.Importer { return &ingest.Importer{Store: s.Store} }

// writeOptions are the options of a write through this request: by the signed-in user,
// audited with the request, and refused unless the user may write every record.
func (s *Server) writeOptions(r *http.Request, action string, dryRun bool) ingest.Options {
	a := accessOf(r)
	authorize := func(b zoneboard.Batch) error {
		if err := a.AuthorizeBatch(b); err != nil {
			return err
		}
		if b.Plan.Empty() {
			return nil
		}
		stored, err := s.Store.FindPlan(r.Context())
		if err != nil {
			return err
		}
		// What a file holds as it is stored is no write: a reporter's ledger names its
		// projects beside its monthly figures without changing them.
		return a.AuthorizePlan(zoneboard.ChangedPlan(stored, b.Plan), zoneboard.PlanUnits(stored, b.Plan))
	}
	return ingest.Options{DryRun: dryRun, Actor: a.User.Name, Audit: note(r, action), Authorize: authorize, MaxCells: maxImportCells}
}

// An import through the server has a budget: the cells it may hold (20 million, about 1 GB
// at most, whatever a workbook unzips to) and the time it may take. Larger imports belong to
// 'zoneboard import' on the server.
const (
	maxImportCells = 20_000_000
	importTimeout  = 5 * time.Minute
)

// withinBudget runs an import under the time budget and says so when it ran out.
func withinBudget(r *http.Request, run func(ctx context.Context) (*ingest.Report, error)) (*ingest.Report, error) {
	ctx, cancel := context.WithTimeout(r.Context(), importTimeout)
	defer cancel()
	report, err := run(ctx)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
		return nil, zoneboard.Errorf(zoneboard.ETooLarge, "the import took longer than %v, its budget here, and nothing was written: split the files, or import them on the server with 'zoneboard import'", importTimeout)
	}
	return report, err
}

// putObservations writes observations; each is validated as an imported row would be.
func (s *Server) putObservations(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Observations []observationInput `json:"observations"`
		DryRun       bool               `json:"dry_run"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(req.Observations) == 0 {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "request body: observations is empty"))
		return
	}
	if len(req.Observations) > maxObservationsPut {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.ETooLarge, "%d observations in one request; send at most %d, or import a file", len(req.Observations), maxObservationsPut))
		return
	}
	rows := [][]string{{"unit", "indicator", "period", "value", "growth", "status", "source", "note"}}
	for _, o := range req.Observations {
		rows = append(rows, []string{o.Unit, o.Indicator, o.Period, numberText(o.Value), numberText(o.Growth), o.Status, o.Source, o.Note})
	}
	report, err := s.importer().ImportTables(r.Context(), []ingest.Table{{Name: "request", Rows: rows}}, s.writeOptions(r, zoneboard.ActionObservationsWrite, req.DryRun))
	if err != nil {
		s.writeError(w, r, rowsFromOne(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": report.Result, "dry_run": req.DryRun})
}

// rowsFromOne numbers a request's problems by record (the first record is row 1), where a
// table numbers them from its header.
func rowsFromOne(err error) error {
	var invalid *ingest.ValidationError
	if errors.As(err, &invalid) {
		for i := range invalid.Problems {
			if invalid.Problems[i].Row > 0 {
				invalid.Problems[i].Row--
			}
		}
	}
	return err
}

func (s *Server) deleteObservation(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("unit") == "" || q.Get("indicator") == "" || q.Get("period") == "" {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameters unit, indicator and period are required"))
		return
	}
	p, err := period.Parse(q.Get("period"))
	if err != nil {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter period: %v", err))
		return
	}
	key := zoneboard.ObservationKey{Unit: q.Get("unit"), Indicator: q.Get("indicator"), Period: p}
	if err := accessOf(r).RequireWrite(zoneboard.PermObservationsWrite, key.Unit); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.DeleteObservations(r.Context(), note(r, zoneboard.ActionObservationsDelete), []zoneboard.ObservationKey{key}); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": true})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *Server) putUnit(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	var req struct {
		Name        string `json:"name"`
		NameEn      string `json:"name_en"`
		Kind        string `json:"kind"`
		Parent      string `json:"parent"`
		Partitioned bool   `json:"partitioned"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	rows := [][]string{{"code", "name", "name_en", "kind", "parent", "partitioned"},
		{code, req.Name, req.NameEn, req.Kind, req.Parent, yesNo(req.Partitioned)}}
	report, err := s.importer().ImportTables(r.Context(), []ingest.Table{{Name: "request", Rows: rows}}, s.writeOptions(r, zoneboard.ActionUnitWrite, false))
	if err != nil {
		s.writeError(w, r, rowsFromOne(err))
		return
	}
	units, err := s.Store.FindUnits(r.Context(), zoneboard.UnitFilter{Codes: []string{code}})
	if err != nil || len(units) != 1 {
		s.writeError(w, r, fmt.Errorf("api: the unit just written cannot be read: %v", err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": units[0], "result": report.Result.Units})
}

func (s *Server) putGroup(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	var req struct {
		Name    string   `json:"name"`
		Members []string `json:"members"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(req.Members) == 0 {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "request body: members is empty: a group needs at least one unit"))
		return
	}
	rows := [][]string{{"group", "group_name", "unit"}}
	for _, m := range req.Members {
		rows = append(rows, []string{code, req.Name, m})
	}
	report, err := s.importer().ImportTables(r.Context(), []ingest.Table{{Name: "request", Rows: rows}}, s.writeOptions(r, zoneboard.ActionGroupWrite, false))
	if err != nil {
		s.writeError(w, r, rowsFromOne(err))
		return
	}
	groups, err := s.Store.FindGroups(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, g := range groups {
		if g.Code == code {
			writeJSON(w, http.StatusOK, map[string]any{"group": g, "result": report.Result.Groups})
			return
		}
	}
	s.writeError(w, r, fmt.Errorf("api: the group just written cannot be read"))
}

func (s *Server) putIndicator(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	var req struct {
		Name          string `json:"name"`
		NameEn        string `json:"name_en"`
		Unit          string `json:"unit"`
		Frequency     string `json:"frequency"`
		Cumulative    bool   `json:"cumulative"`
		PriceBasis    string `json:"price_basis"`
		Aggregate     string `json:"aggregate"`
		Better        string `json:"better"`
		Decimals      *int   `json:"decimals"`
		JanuaryAlone  *bool  `json:"january_alone"`
		AllowNegative bool   `json:"allow_negative"`
		Stock         bool   `json:"stock"`
		Formula       string `json:"formula"`
		Order         int    `json:"order"`
		Measure       string `json:"measure"`
		Catalog       string `json:"catalog"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	decimals, january := "1", "yes"
	if req.Decimals != nil {
		decimals = strconv.Itoa(*req.Decimals)
	}
	if req.JanuaryAlone != nil {
		january = yesNo(*req.JanuaryAlone)
	}
	rows := [][]string{{"code", "name", "name_en", "unit", "frequency", "cumulative", "price_basis", "aggregate", "better", "decimals",
		"january_alone", "allow_negative", "stock", "formula", "order", "measure", "catalog"},
		{code, req.Name, req.NameEn, req.Unit, req.Frequency, yesNo(req.Cumulative), req.PriceBasis, req.Aggregate, req.Better, decimals,
			january, yesNo(req.AllowNegative), yesNo(req.Stock), req.Formula, strconv.Itoa(req.Order), req.Measure, req.Catalog}}
	report, err := s.importer().ImportTables(r.Context(), []ingest.Table{{Name: "request", Rows: rows}}, s.writeOptions(r, zoneboard.ActionIndicatorWrite, false))
	if err != nil {
		s.writeError(w, r, rowsFromOne(err))
		return
	}
	indicators, err := s.Store.FindIndicators(r.Context(), zoneboard.IndicatorFilter{Codes: []string{code}})
	if err != nil || len(indicators) != 1 {
		s.writeError(w, r, fmt.Errorf("api: the indicator just written cannot be read: %v", err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"indicator": indicators[0], "result": report.Result.Indicators})
}

// importFiles imports uploaded files (multipart field "file"); ?dry_run=true only validates.
// The answer lists a page of the observations the import creates or changes, old and new:
// ?offset and ?limit choose the page, the same files sent again give the same list.
func (s *Server) importFiles(w http.ResponseWriter, r *http.Request) {
	dryRun := r.URL.Query().Get("dry_run") == "true"
	limit, err := intParam(r, "limit", 50, 0, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	offset, err := intParam(r, "offset", 0, 0, 1<<31)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(16 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.writeError(w, r, zoneboard.Errorf(zoneboard.ETooLarge, "the upload is larger than %d MiB: split the file", maxUpload>>20))
			return
		}
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "the upload is not a multipart form with a field \"file\": %v", err))
		return
	}
	defer r.MultipartForm.RemoveAll()
	headers := r.MultipartForm.File["file"]
	if len(headers) == 0 {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "no file uploaded: send one or more files in the field \"file\""))
		return
	}
	var files []ingest.File
	for _, h := range headers {
		f, err := h.Open()
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// The name only labels messages and the actor; it is never a path on this machine.
		name := filepath.Base(strings.ReplaceAll(h.Filename, "\\", "/"))
		if name == "." || name == "/" || name == "" {
			name = "upload"
		}
		files = append(files, ingest.File{Name: name, Data: data})
	}
	opts := s.writeOptions(r, zoneboard.ActionImport, dryRun)
	opts.Audit.Source = ""
	report, err := withinBudget(r, func(ctx context.Context) (*ingest.Report, error) { return s.importer().Import(ctx, files, opts) })
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := report.Changes[min(offset, len(report.Changes)):min(offset+limit, len(report.Changes))]
	writeJSON(w, http.StatusOK, map[string]any{"report": report, "changes": map[string]any{
		"observations": nonNil(page), "total": report.ChangesTotal(), "listed": len(report.Changes),
		"offset": offset, "limit": limit}})
}

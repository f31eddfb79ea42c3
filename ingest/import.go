package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"zoneboard/calc"

	"zoneboard"
	"zoneboard/msg"
	"zoneboard/period"
)

// Store is what an import needs of the store.
type Store interface {
	zoneboard.UnitService
	zoneboard.IndicatorService
	zoneboard.GroupService
	zoneboard.ObservationService
	zoneboard.BatchService
	zoneboard.PlanService
}

// Importer validates files against a store and writes them to it in one batch.
type Importer struct {
	Store Store
}

// Options control an import.
type Options struct {
	// DryRun validates and counts what would change, and writes nothing.
	DryRun bool
	// Actor is the user behind the import; each record is written as import:FILE by that user.
	Actor string
	// Audit is the import's audit note; its Actor defaults to Actor, its Source to the names
	// of the files and its Action to "import".
	Audit zoneboard.AuditNote
	// Authorize, when set, may refuse the batch the import would write, before anything is
	// written or its problems are reported: a reporter may not write another park's figures.
	Authorize func(zoneboard.Batch) error
	// MaxCells, when above 0, bounds the cells the import's files may hold in memory, so that
	// an upload cannot make the server hold more than it can (a workbook unzips to far more
	// than its size).
	MaxCells int
}

// FileSummary says what an import read from one file.
type FileSummary struct {
	Name  string `json:"name"`
	Kinds []Kind `json:"kinds"`
	Rows  int    `json:"rows"`
	// Hidden names a workbook's hidden sheets, which are not read.
	Hidden []string `json:"hidden_sheets,omitempty"`
}

// Report is the outcome of an import that passed validation.
type Report struct {
	Files  []FileSummary         `json:"files"`
	Result zoneboard.BatchResult `json:"result"`
	DryRun bool                  `json:"dry_run"`
	// Changes are the observations the import creates or changes, old and new, named for a
	// person, in the order of the batch: the first zoneboard.MaxObservationChanges of them. A
	// caller pages them; they are not part of the report's JSON.
	Changes []Change `json:"-"`
}

// Change is an observation an import creates or changes, with the names of its unit and
// indicator and the indicator's unit of measurement.
type Change struct {
	zoneboard.ObservationChange
	UnitName        string `json:"unit_name"`
	UnitNameEn      string `json:"unit_name_en,omitempty"`
	IndicatorName   string `json:"indicator_name"`
	IndicatorNameEn string `json:"indicator_name_en,omitempty"`
	Measure         string `json:"measure,omitempty"`
}

// ChangesTotal is how many observations the import creates or changes, listed or not.
func (r *Report) ChangesTotal() int {
	return r.Result.Observations.Created + r.Result.Observations.Updated
}

// nameChanges names the units and indicators of the batch's observation changes: as the batch
// defines them, else as the store has them.
func (im *Importer) nameChanges(ctx context.Context, batch *zoneboard.Batch, changes []zoneboard.ObservationChange) ([]Change, error) {
	if len(changes) == 0 {
		return nil, nil
	}
	units := map[string]zoneboard.Unit{}
	indicators := map[string]zoneboard.Indicator{}
	for _, u := range batch.Units {
		units[u.Code] = u
	}
	for _, ind := range batch.Indicators {
		indicators[ind.Code] = ind
	}
	unitSet, indicatorSet := map[string]bool{}, map[string]bool{}
	for _, c := range changes {
		if _, ok := units[c.Unit]; !ok {
			unitSet[c.Unit] = true
		}
		if _, ok := indicators[c.Indicator]; !ok {
			indicatorSet[c.Indicator] = true
		}
	}
	unitCodes, indicatorCodes := keys(unitSet), keys(indicatorSet)
	if len(unitCodes) > 0 {
		stored, err := im.Store.FindUnits(ctx, zoneboard.UnitFilter{Codes: unitCodes})
		if err != nil {
			return nil, err
		}
		for _, u := range stored {
			units[u.Code] = u
		}
	}
	if len(indicatorCodes) > 0 {
		stored, err := im.Store.FindIndicators(ctx, zoneboard.IndicatorFilter{Codes: indicatorCodes})
		if err != nil {
			return nil, err
		}
		for _, ind := range stored {
			indicators[ind.Code] = ind
		}
	}
	out := make([]Change, len(changes))
	for i, c := range changes {
		u, ind := units[c.Unit], indicators[c.Indicator]
		out[i] = Change{ObservationChange: c, UnitName: u.Name, UnitNameEn: u.NameEn,
			IndicatorName: ind.Name, IndicatorNameEn: ind.NameEn, Measure: ind.Unit}
	}
	return out, nil
}

// Import reads, validates and writes files. On any problem it returns a *ValidationError
// listing every problem found, and nothing is written.
func (im *Importer) Import(ctx context.Context, files []File, opts Options) (*Report, error) {
	return im.importTables(ctx, files, nil, opts)
}

// Table is a grid of records that did not come from a file, such as the rows of an API
// request: Name stands for the file in messages, Rows[0] is the header.
type Table struct {
	Name string
	Rows [][]string
}

// ImportTables validates and writes tables with the same rules as files: a form's rows are
// checked exactly as an import's are.
func (im *Importer) ImportTables(ctx context.Context, tables []Table, opts Options) (*Report, error) {
	report, err := im.importTables(ctx, nil, tables, opts)
	var invalid *ValidationError
	if errors.As(err, &invalid) {
		invalid.Written = true
	}
	return report, err
}

func (im *Importer) importTables(ctx context.Context, files []File, extra []Table, opts Options) (*Report, error) {
	p := &parsed{kinds: map[string][]Kind{}, rows: map[string]int{}, periodCache: map[string]period.Period{}, notFiles: map[string]bool{}}
	var ps problems
	report := &Report{DryRun: opts.DryRun}
	for _, t := range extra {
		p.notFiles[t.Name] = true
		p.readTable(&table{file: t.Name, rows: t.Rows, request: true}, &ps)
		report.Files = append(report.Files, FileSummary{Name: t.Name})
	}
	var budget *cellBudget
	if opts.MaxCells > 0 {
		budget = &cellBudget{limit: opts.MaxCells}
	}
	for _, f := range files {
		name := filepath.Base(f.Name)
		tables, close, err := readTables(ctx, f, budget)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err() // cancelled while reading: stop, not a problem of the file
		}
		if err != nil {
			ps.addError(Location{File: name, Column: -1}, err)
			continue
		}
		defer close()
		empty := true
		var hidden []string
		for _, t := range tables {
			if t.hidden {
				hidden = append(hidden, t.sheet)
				continue
			}
			for _, row := range t.rows {
				if !blank(row) {
					empty = false
					break
				}
			}
			for _, is := range t.cellIssues {
				ps.addText(t.at(is.row, is.column, ""), is.text)
			}
			p.readTable(t, &ps)
		}
		switch {
		case empty && len(hidden) > 0:
			ps.add(Location{File: name, Column: -1}, "import.only_hidden", "sheets", hidden)
		case empty:
			ps.add(Location{File: name, Column: -1}, "import.empty_file")
		}
		report.Files = append(report.Files, FileSummary{Name: name, Hidden: hidden})
	}
	for i := range report.Files {
		s := &report.Files[i]
		s.Kinds, s.Rows = p.kinds[s.Name], p.rows[s.Name]
	}
	batch, err := im.resolve(ctx, p, &ps, opts)
	if err != nil {
		return nil, err
	}
	if opts.Authorize != nil {
		if err := opts.Authorize(*batch); err != nil {
			return nil, err
		}
	}
	batch.Audit = opts.Audit
	if batch.Audit.Actor == "" {
		batch.Audit.Actor = opts.Actor
	}
	if batch.Audit.Source == "" {
		batch.Audit.Source = strings.Join(fileNames(p), ", ")
	}
	if batch.Audit.Action == "" {
		batch.Audit.Action = zoneboard.ActionImport
	}
	if !batch.Plan.Empty() {
		// Reports name the person who reported, not the list of files; the audit entry
		// names the files.
		if opts.Actor != "" {
			batch.Plan.Actor = opts.Actor
		}
		batch.Plan.Audit = batch.Audit
		if batch.Plan.Audit.Action == zoneboard.ActionImport {
			batch.Plan.Audit.Action = zoneboard.ActionPlanImport
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	result, err := im.Store.ApplyBatch(ctx, *batch)
	if err != nil {
		return nil, err
	}
	report.Result = result
	// The batch is written: naming its changes must not fail because the caller stops now,
	// or the import would report as undone what is done.
	if report.Changes, err = im.nameChanges(context.WithoutCancel(ctx), batch, result.ObservationChanges); err != nil {
		return nil, err
	}
	return report, nil
}

// readTable finds the header of a table and reads it as its kind.
func (p *parsed) readTable(t *table, ps *problems) {
	first := -1
	for r, row := range t.rows {
		if !blank(row) {
			first = r
			break
		}
	}
	if first < 0 {
		return // an empty sheet
	}
	for r := first; r < len(t.rows) && r < first+5; r++ {
		if hd := detectHeader(t.rows[r]); hd != nil {
			p.kinds[t.file] = append(p.kinds[t.file], hd.kind)
			p.readLongTable(t, r, hd, ps)
			return
		}
	}
	if t.fillMerges != nil {
		if err := t.fillMerges(); err != nil {
			ps.addError(t.at(first, -1, ""), err)
			return
		}
	}
	if p.readBureauTable(t, ps) {
		return
	}
	ps.add(t.at(first, -1, ""), "import.no_header", "units", columnNames(KindUnits), "groups", columnNames(KindGroups),
		"indicators", columnNames(KindIndicators), "observations", columnNames(KindObservations))
}

// names resolves a reference by code or exact name to a code, and names a code in messages.
type names struct {
	what   string
	codes  map[string]bool
	byName map[string][]string
	named  map[string]msg.Named
}

func newNames(what string) *names {
	return &names{what: what, codes: map[string]bool{}, byName: map[string][]string{}, named: map[string]msg.Named{}}
}

func (n *names) add(code, name string) { n.addNamed(code, name, "") }

// addNamed adds a code with its Chinese and English names.
func (n *names) addNamed(code, name, nameEn string) {
	if n.codes[code] {
		return
	}
	n.codes[code] = true
	n.named[code] = msg.Named{Code: code, Name: name, NameEn: nameEn}
	if name != "" && !contains(n.byName[name], code) {
		n.byName[name] = append(n.byName[name], code)
	}
}

func (n *names) resolve(ref string) (string, error) {
	if n.codes[ref] {
		return ref, nil
	}
	switch codes := n.byName[ref]; len(codes) {
	case 1:
		return codes[0], nil
	case 0:
		return "", msg.New("import.unknown_reference", "text", msg.Quoted(ref), "what", msg.Noun(n.what))
	default:
		return "", msg.New("import.ambiguous_reference", "text", msg.Quoted(ref), "what", msg.Noun(n.what), "codes", codes)
	}
}

// name is a code with its name for messages: 历下区（370102）.
func (n *names) name(code string) msg.Named {
	if named, ok := n.named[code]; ok {
		return named
	}
	return msg.Named{Code: code}
}

// indicatorName is an indicator with its name for messages: 进出口总额（trade）.
func indicatorName(def zoneboard.Indicator) msg.Named {
	return msg.Named{Code: def.Code, Name: def.Name, NameEn: def.NameEn}
}

// resolve checks every record against the store and the other records and builds the batch.
func (im *Importer) resolve(ctx context.Context, p *parsed, ps *problems, opts Options) (*zoneboard.Batch, error) {
	actor := func(file string) string {
		if p.notFiles[file] && opts.Actor != "" {
			return opts.Actor // a form's or a request's records are the user's, not a file's
		}
		a := "import:" + file
		if opts.Actor != "" {
			a = opts.Actor + " " + a
		}
		return a
	}
	batch := &zoneboard.Batch{Actor: actor(strings.Join(fileNames(p), ",")), DryRun: opts.DryRun}
	storedUnits, err := im.Store.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	storedIndicators, err := im.Store.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}

	// Units: the file's define or redefine; parents may be in the file or the store.
	units := newNames("unit")
	parentOf := map[string]string{}
	for _, u := range storedUnits {
		units.addNamed(u.Code, u.Name, u.NameEn)
		parentOf[u.Code] = u.Parent
	}
	fileUnits := map[string]int{}
	for i, r := range p.units {
		if prev, dup := fileUnits[r.unit.Code]; dup {
			if p.units[prev].unit.SameContent(r.unit) && p.units[prev].parentRef == r.parentRef {
				continue
			}
			ps.add(r.from.at(r.row, -1), "import.unit_redefined", "unit", msg.Named{Code: r.unit.Code, Name: r.unit.Name, NameEn: r.unit.NameEn},
				"other", p.units[prev].from.at(p.units[prev].row, -1))
			continue
		}
		fileUnits[r.unit.Code] = i
		units.addNamed(r.unit.Code, r.unit.Name, r.unit.NameEn)
	}
	for _, i := range sortedIndexes(fileUnits) {
		r := p.units[i]
		if r.parentRef != "" {
			parent, err := units.resolve(r.parentRef)
			if err != nil {
				ps.add(r.from.at(r.row, r.parentCol), "import.parent", "error", err)
				continue
			}
			r.unit.Parent = parent
		}
		parentOf[r.unit.Code] = r.unit.Parent
		r.unit.UpdatedBy = actor(r.from.t.file)
		batch.Units = append(batch.Units, r.unit)
	}
	for _, u := range batch.Units {
		seen := map[string]bool{}
		for c := u.Code; c != ""; c = parentOf[c] {
			if seen[c] {
				r := p.units[fileUnits[u.Code]]
				ps.add(r.from.at(r.row, r.parentCol), "import.unit_own_ancestor", "unit", units.name(u.Code))
				break
			}
			seen[c] = true
		}
	}

	// Indicators.
	indicators := newNames("indicator")
	defs := map[string]zoneboard.Indicator{}
	for _, i := range storedIndicators {
		indicators.addNamed(i.Code, i.Name, i.NameEn)
		defs[i.Code] = i
	}
	fileIndicators := map[string]int{}
	for n, r := range p.indicators {
		if prev, dup := fileIndicators[r.indicator.Code]; dup {
			if !p.indicators[prev].indicator.SameContent(r.indicator) {
				ps.add(r.from.at(r.row, -1), "import.indicator_redefined", "indicator", indicatorName(r.indicator),
					"other", p.indicators[prev].from.at(p.indicators[prev].row, -1))
			}
			continue
		}
		fileIndicators[r.indicator.Code] = n
		indicators.addNamed(r.indicator.Code, r.indicator.Name, r.indicator.NameEn)
		defs[r.indicator.Code] = r.indicator
		r.indicator.UpdatedBy = actor(r.from.t.file)
		batch.Indicators = append(batch.Indicators, r.indicator)
	}

	checkFormulas(p, ps, defs, fileIndicators)

	// Groups: a group lists all its members across the rows that name it.
	groupIndex := map[string]int{}
	for _, r := range p.groups {
		if r.group == "" || r.unitRef == "" {
			continue
		}
		code, err := units.resolve(r.unitRef)
		if err != nil {
			ps.addError(r.from.at(r.row, r.unitCol), err)
			continue
		}
		i, ok := groupIndex[r.group]
		if !ok {
			i = len(batch.Groups)
			groupIndex[r.group] = i
			batch.Groups = append(batch.Groups, zoneboard.Group{Code: r.group, Name: r.group})
		}
		g := &batch.Groups[i]
		if r.name != "" {
			g.Name = r.name
		}
		g.Members = append(g.Members, code)
	}

	im.resolveObservations(p, ps, units, indicators, defs, parentOf)
	order := p.sortedObservations()
	if err := im.checkCumulative(ctx, p, order, ps, units, defs); err != nil {
		return nil, err
	}
	batch.Observations = make([]zoneboard.Observation, 0, len(order))
	actors := map[*table]string{}
	// Rows for the same cell are adjacent in the order; the first in the files is kept, and
	// each repeat is compared with it (remembered, so that a run of repeats costs linear time).
	var first *observationRow
	for _, n := range order {
		r := &p.observations[n]
		if first != nil && sameCell(first, r) {
			if !first.sameContent(r) {
				ps.add(r.at(-1), "import.observation_repeated", "unit", units.name(r.unit),
					"indicator", indicatorName(defs[r.indicator]), "period", r.period, "other", first.at(-1))
			}
			continue
		}
		first = r
		a, ok := actors[r.from.t]
		if !ok {
			a = actor(r.from.t.file)
			actors[r.from.t] = a
		}
		batch.Observations = append(batch.Observations, zoneboard.Observation{
			ObservationKey: r.key(), Value: r.value, Growth: r.growth, Status: r.status, Source: r.source, Note: r.note,
			RecordedBy: a,
		})
	}
	if err := im.resolvePlan(ctx, p, ps, batch, units, indicators, defs); err != nil {
		return nil, err
	}
	return batch, nil
}

func (r *observationRow) sameContent(s *observationRow) bool {
	a := zoneboard.Observation{ObservationKey: r.key(), Value: r.value, Growth: r.growth, Status: r.status, Source: r.source, Note: r.note}
	b := zoneboard.Observation{ObservationKey: s.key(), Value: s.value, Growth: s.growth, Status: s.status, Source: s.source, Note: s.note}
	return a.SameContent(b)
}

// resolveObservations names each row's unit and indicator by code and checks its figures
// against the indicator's conventions.
func (im *Importer) resolveObservations(p *parsed, ps *problems, units, indicators *names, defs map[string]zoneboard.Indicator, parentOf map[string]string) {
	unitCache := map[string]string{}
	indicatorCache := map[string]string{}
	p.unitIndex, p.indicatorIndex = map[string]int32{}, map[string]int32{}
	for n := range p.observations {
		r := &p.observations[n]
		if !r.isTotal {
			code, ok := unitCache[r.unitRef]
			if !ok {
				var err error
				if code, err = units.resolve(r.unitRef); err != nil {
					ps.addError(r.at(r.cols.unit), err)
				}
				unitCache[r.unitRef] = code
			}
			r.unit = code
		}
		code, ok := indicatorCache[r.indicatorRef]
		if !ok {
			var err error
			if code, err = indicators.resolve(r.indicatorRef); err != nil {
				ps.addError(r.at(r.cols.indicator), err)
			}
			indicatorCache[r.indicatorRef] = code
		}
		r.indicator = code
	}
	resolveTotals(p, ps, parentOf)
	for n := range p.observations {
		r := &p.observations[n]
		r.unitIndex, r.indicatorIndex = p.index(p.unitIndex, r.unit), p.index(p.indicatorIndex, r.indicator)
		def, ok := defs[r.indicator]
		if !ok || r.unit == "" {
			continue
		}
		checkObservation(r, def, units, ps)
	}
}

// resolveTotals gives a bureau table's 全市 row the unit that is the parent of the table's other units.
func resolveTotals(p *parsed, ps *problems, parentOf map[string]string) {
	parents := map[*table]map[string]bool{}
	for _, r := range p.observations {
		if !r.isTotal && r.unit != "" {
			if parents[r.from.t] == nil {
				parents[r.from.t] = map[string]bool{}
			}
			parents[r.from.t][parentOf[r.unit]] = true
		}
	}
	for n := range p.observations {
		r := &p.observations[n]
		if !r.isTotal {
			continue
		}
		set := parents[r.from.t]
		if len(set) != 1 {
			ps.add(r.at(r.cols.unit), "import.total_without_common_parent", "text", msg.Quoted(cell(r.from.t.rows[r.row], r.cols.unit)))
			continue
		}
		for parent := range set {
			if parent == "" {
				ps.add(r.at(r.cols.unit), "import.total_without_parent")
			}
			r.unit = parent
		}
	}
}

func checkObservation(r *observationRow, def zoneboard.Indicator, units *names, ps *problems) {
	if r.value != nil && r.cols.valueUnit != "" && r.cols.valueUnit != def.Unit {
		from, okFrom := moneyScale[r.cols.valueUnit]
		to, okTo := moneyScale[def.Unit]
		if !okFrom || !okTo || from.currency != to.currency {
			ps.add(r.at(r.cols.value), "import.column_measure_mismatch", "column_measure", r.cols.valueUnit,
				"indicator", indicatorName(def), "measure", def.Unit)
		} else {
			v := *r.value * from.factor / to.factor
			r.value = &v
		}
	}
	if r.value != nil && *r.value < 0 && !def.AllowNegative {
		ps.add(r.at(r.cols.value), "import.negative", "unit", units.name(r.unit), "indicator", indicatorName(def),
			"period", r.period, "value", *r.value)
	}
	if r.growth != nil && *r.growth < -100 {
		ps.add(r.at(r.cols.growth), "import.growth_below_minus_100", "growth", *r.growth)
	}
	p := r.period
	switch def.Frequency {
	case zoneboard.Quarterly:
		if p.Last%3 != 0 || (p.First != 1 && (p.First-1)%3 != 0) {
			ps.add(r.at(r.cols.period), "import.not_quarters", "indicator", indicatorName(def), "period", p)
		}
	case zoneboard.Yearly:
		if !p.IsYear() {
			ps.add(r.at(r.cols.period), "import.not_a_year", "indicator", indicatorName(def), "period", p)
		}
	}
	if def.Cumulative && !def.JanuaryAlone && p.First == 1 && p.Last == 1 {
		ps.add(r.at(r.cols.period), "import.january_with_february", "indicator", indicatorName(def), "year", p.Year)
	}
}

func keys[K comparable](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sortedIndexes(m map[string]int) []int {
	out := make([]int, 0, len(m))
	for _, i := range m {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

func fileNames(p *parsed) []string {
	var names []string
	for name := range p.rows {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// checkFormulas compiles the formulas of the file's derived indicators against every known
// indicator and refuses a formula that leads back to its own indicator.
func checkFormulas(p *parsed, ps *problems, defs map[string]zoneboard.Indicator, fileIndicators map[string]int) {
	inputs := map[string][]string{}
	for code, def := range defs {
		if def.Formula == "" {
			continue
		}
		f, err := calc.ParseFormula(def.Formula, func(name string) bool { _, ok := defs[name]; return ok })
		if err != nil {
			if n, inFile := fileIndicators[code]; inFile {
				r := p.indicators[n]
				ps.addError(r.from.at(r.row, r.formulaCol), err)
			}
			continue
		}
		inputs[code] = f.Inputs
	}
	for code := range inputs {
		n, inFile := fileIndicators[code]
		if !inFile {
			continue
		}
		// Walk the inputs; reaching the indicator again is a cycle.
		seen := map[string]bool{}
		stack := append([]string(nil), inputs[code]...)
		for len(stack) > 0 {
			next := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if next == code {
				r := p.indicators[n]
				ps.add(r.from.at(r.row, r.formulaCol), "import.formula_cycle", "indicator", indicatorName(defs[code]))
				break
			}
			if !seen[next] {
				seen[next] = true
				stack = append(stack, inputs[next]...)
			}
		}
	}
}

package ingest

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"zoneboard"
	"zoneboard/catalog"
	"zoneboard/msg"
	"zoneboard/period"
)

// origin is a table together with the header text of each of its columns, for messages.
type origin struct {
	t       *table
	headers []string
}

func (o *origin) at(row, column int) Location {
	h := ""
	if column >= 0 && column < len(o.headers) {
		h = o.headers[column]
	}
	return o.t.at(row, column, h)
}

type unitRow struct {
	unit      zoneboard.Unit
	parentRef string
	from      *origin
	row       int
	parentCol int
}

type indicatorRow struct {
	indicator  zoneboard.Indicator
	from       *origin
	row        int
	formulaCol int
}

type groupRow struct {
	group, name, unitRef string
	from                 *origin
	row, unitCol         int
}

// observationRow is one observation as read, before its unit and indicator are resolved.
// A million of these are alive during a large import, so it is kept small: the column
// positions, shared by every row of a table, live in cols.
type observationRow struct {
	from *origin
	cols *rowColumns
	row  int32
	// isTotal marks a bureau table's 全市/合计 row, the parent of the table's other units.
	isTotal               bool
	unitRef, indicatorRef string
	period                period.Period
	value, growth         *float64
	status, source, note  string
	// resolved
	unit, indicator           string
	unitIndex, indicatorIndex int32
}

// rowColumns are the positions of an observation's cells in its row (-1 when absent).
type rowColumns struct {
	unit, indicator, period, value, growth int
	// valueUnit is the unit of measure a bureau table's column states, e.g. 万元, when the
	// value may need scaling to the indicator's unit.
	valueUnit string
}

func (r *observationRow) key() zoneboard.ObservationKey {
	return zoneboard.ObservationKey{Unit: r.unit, Indicator: r.indicator, Period: r.period}
}

// parsed holds everything read from the input files, in file order.
type parsed struct {
	units        []unitRow
	indicators   []indicatorRow
	groups       []groupRow
	observations []observationRow
	plan         planRecords
	kinds        map[string][]Kind
	rows         map[string]int
	periodCache  map[string]period.Period
	// notFiles names the tables that came from a request, not a file.
	notFiles map[string]bool
	// unitIndex and indicatorIndex number the codes of the observations, for cheap sorting.
	unitIndex, indicatorIndex map[string]int32
}

// index numbers a code the first time it is seen; the empty code (unresolved) is -1.
func (p *parsed) index(m map[string]int32, code string) int32 {
	if code == "" {
		return -1
	}
	i, ok := m[code]
	if !ok {
		i = int32(len(m))
		m[code] = i
	}
	return i
}

func (p *parsed) parsePeriod(s string) (period.Period, error) {
	if q, ok := p.periodCache[s]; ok {
		return q, nil
	}
	q, err := period.Parse(s)
	if err != nil {
		return q, err
	}
	p.periodCache[s] = q
	return q, nil
}

// readLongTable reads a table whose header row h (0-based) names its kind's columns.
func (p *parsed) readLongTable(t *table, h int, hd *header, ps *problems) {
	from := &origin{t: t, headers: hd.texts}
	for _, c := range hd.unknown {
		ps.add(from.at(h, c), "import.unknown_column", "text", msg.Quoted(cell(t.rows[h], c)), "kind", msg.Noun(string(hd.kind)),
			"columns", columnNames(hd.kind))
	}
	// A row with more cells than the header has columns holds figures that no column names:
	// refused, never dropped.
	var unnamed []int // columns under a blank header cell
	for c, text := range hd.texts {
		if strings.TrimSpace(text) == "" {
			unnamed = append(unnamed, c)
		}
	}
	for r := h + 1; r < len(t.rows); r++ {
		row := t.rows[r]
		for _, c := range unnamed {
			if c < len(row) && strings.TrimSpace(row[c]) != "" {
				ps.add(from.at(r, c), "import.no_header_cell", "text", msg.Quoted(row[c]))
				break
			}
		}
		for c := len(hd.texts); c < len(row); c++ {
			if strings.TrimSpace(row[c]) != "" {
				ps.add(from.at(r, c), "import.beyond_header", "text", msg.Quoted(row[c]), "columns", len(hd.texts))
				break
			}
		}
	}
	for c, first := range hd.repeated {
		ps.add(from.at(h, c), "import.repeated_column", "text", msg.Quoted(cell(t.rows[h], c)), "first", msg.Quoted(cell(t.rows[h], first)),
			"letter", Location{Column: first}.ColumnLetter())
	}
	col := func(name string) int {
		if i, ok := hd.index[name]; ok {
			return i
		}
		return -1
	}
	get := func(row []string, name string) string { return cell(row, col(name)) }
	if hd.kind == KindObservations {
		p.readObservationTable(from, h, col, ps)
		return
	}
	if isPlanKind(hd.kind) {
		p.readPlanTable(t, h, hd, ps)
		return
	}
	for r := h + 1; r < len(t.rows); r++ {
		row := t.rows[r]
		if blank(row) {
			continue
		}
		p.rows[t.file]++
		switch hd.kind {
		case KindUnits:
			u := zoneboard.Unit{Code: get(row, "code"), Name: get(row, "name"), NameEn: get(row, "name_en")}
			if u.Code == "" {
				ps.add(from.at(r, col("code")), "import.unit_code_empty")
			} else if err := zoneboard.ValidateCode("unit", u.Code); err != nil {
				ps.addError(from.at(r, col("code")), err)
			}
			if u.Name == "" {
				ps.add(from.at(r, col("name")), "import.unit_name_empty")
			}
			kind, ok := zoneboard.ParseUnitKind(get(row, "kind"))
			if !ok {
				ps.add(from.at(r, col("kind")), "import.unit_kind", "text", msg.Quoted(get(row, "kind")), "kinds", unitKindList())
			}
			u.Kind = kind
			if text := get(row, "partitioned"); text != "" {
				b, err := parseBool(text)
				if err != nil {
					ps.addError(from.at(r, col("partitioned")), err)
				}
				u.Partitioned = b
			}
			p.units = append(p.units, unitRow{unit: u, parentRef: get(row, "parent"), from: from, row: r, parentCol: col("parent")})
		case KindIndicators:
			p.readIndicator(from, r, row, col, ps)
		case KindGroups:
			g := groupRow{group: get(row, "group"), name: get(row, "group_name"), unitRef: get(row, "unit"), from: from, row: r, unitCol: col("unit")}
			if g.group == "" {
				ps.add(from.at(r, col("group")), "import.group_code_empty")
			} else if err := zoneboard.ValidateCode("group", g.group); err != nil {
				ps.addError(from.at(r, col("group")), err)
			}
			if g.unitRef == "" {
				ps.add(from.at(r, col("unit")), "import.member_empty")
			}
			p.groups = append(p.groups, g)
		}
	}
}

// parallelRows is the size above which a table's observation rows are read by two goroutines,
// one per half: a million-row file spends a second on it, and the machine has a second core.
const parallelRows = 50000

// readObservationTable reads the rows of a long observations table below header row h.
func (p *parsed) readObservationTable(from *origin, h int, col func(string) int, ps *problems) {
	t := from.t
	cols := &rowColumns{unit: col("unit"), indicator: col("indicator"), period: col("period"), value: col("value"), growth: col("growth")}
	first, end := h+1, len(t.rows)
	// Each row is read into its own slot of the table's region of p.observations, in place;
	// the slots of blank or refused rows are dropped afterwards.
	base := len(p.observations)
	p.observations = slices.Grow(p.observations, end-first)[:base+end-first]
	region := p.observations[base:]
	type part struct {
		problems problems
		rows     int
	}
	read := func(lo, hi int, out *part, cache map[string]period.Period) {
		q := &parsed{periodCache: cache}
		get := func(row []string, name string) string { return cell(row, col(name)) }
		for r := lo; r < hi; r++ {
			row := t.rows[r]
			if blank(row) {
				continue
			}
			out.rows++
			o := observationRow{from: from, cols: cols, row: int32(r), unitRef: get(row, "unit"), indicatorRef: get(row, "indicator"),
				source: get(row, "source"), note: get(row, "note")}
			if q.readObservationCells(&o, row, &out.problems) {
				status, err := choice(get(row, "status"), statusWords, "status")
				if err != nil {
					out.problems.addError(from.at(r, col("status")), err)
				}
				o.status = status
				region[r-first] = o
			}
		}
	}
	parts := []*part{{}}
	if end-first < parallelRows {
		read(first, end, parts[0], p.periodCache)
	} else {
		mid := first + (end-first)/2
		parts = append(parts, &part{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			read(mid, end, parts[1], map[string]period.Period{})
		}()
		read(first, mid, parts[0], p.periodCache)
		wg.Wait()
	}
	kept := base
	for i := range region {
		if region[i].from != nil {
			p.observations[kept] = region[i]
			kept++
		}
	}
	clear(p.observations[kept:])
	p.observations = p.observations[:kept]
	for _, pt := range parts {
		p.rows[t.file] += pt.rows
		ps.merge(&pt.problems)
	}
}

// readObservationCells reads the unit, indicator, period, value and growth cells of a row and
// reports whether the row holds an observation.
func (p *parsed) readObservationCells(o *observationRow, row []string, ps *problems) bool {
	ok := true
	if o.unitRef == "" && !o.isTotal {
		ps.add(o.at(o.cols.unit), "import.unit_empty")
		ok = false
	}
	if o.indicatorRef == "" {
		ps.add(o.at(o.cols.indicator), "import.indicator_empty")
		ok = false
	}
	if o.cols.period >= 0 {
		text := cell(row, o.cols.period)
		q, err := p.parsePeriod(text)
		if err != nil {
			if n, e := strconv.ParseFloat(text, 64); e == nil && n > 20000 && n < 80000 {
				ps.add(o.at(o.cols.period), "import.period_excel_date", "error", err)
			} else {
				ps.addError(o.at(o.cols.period), err)
			}
			ok = false
		}
		o.period = q
	}
	var err error
	if o.value, err = parseNumber(cell(row, o.cols.value), false); err != nil {
		ps.addError(o.at(o.cols.value), err)
		ok = false
	}
	if o.growth, err = parseNumber(cell(row, o.cols.growth), true); err != nil {
		ps.addError(o.at(o.cols.growth), err)
		ok = false
	}
	if ok && o.value == nil && o.growth == nil && o.cols.period >= 0 {
		ps.add(o.at(-1), "import.row_without_figures")
		ok = false
	}
	return ok
}

func (p *parsed) readIndicator(from *origin, r int, row []string, col func(string) int, ps *problems) {
	get := func(name string) string { return cell(row, col(name)) }
	at := func(name string) Location { return from.at(r, col(name)) }
	i := zoneboard.Indicator{Code: get("code"), Name: get("name"), NameEn: get("name_en"), Unit: get("unit"), Decimals: 1,
		JanuaryAlone: true, Formula: get("formula")}
	if i.Code == "" {
		ps.add(at("code"), "import.indicator_code_empty")
	} else if err := zoneboard.ValidateCode("indicator", i.Code); err != nil {
		ps.addError(at("code"), err)
	}
	if i.Name == "" {
		ps.add(at("name"), "import.indicator_name_empty")
	}
	var frequency string
	enums := []struct {
		column string
		words  map[string]string
		what   string
		into   *string
	}{
		{"frequency", frequencyWords, "frequency", &frequency},
		{"price_basis", priceBasisWords, "price basis", &i.PriceBasis},
		{"aggregate", aggregateWords, "way of aggregating", &i.Aggregate},
		{"better", betterWords, "direction", &i.Better},
		{"measure", quantityWords, "measure", &i.Measure},
	}
	for _, e := range enums {
		v, err := choice(get(e.column), e.words, e.what)
		if err != nil {
			ps.addError(at(e.column), err)
		}
		*e.into = v
	}
	i.Frequency = zoneboard.Frequency(frequency)
	flags := []struct {
		name string
		into *bool
	}{{"cumulative", &i.Cumulative}, {"january_alone", &i.JanuaryAlone}, {"allow_negative", &i.AllowNegative}, {"stock", &i.Stock}}
	for _, f := range flags {
		if col(f.name) < 0 || (f.name == "january_alone" && get(f.name) == "") {
			continue
		}
		v, err := parseBool(get(f.name))
		if err != nil {
			ps.addError(at(f.name), err)
		}
		*f.into = v
	}
	if ref := get("catalog"); ref != "" {
		entry, ok := catalog.Lookup(ref)
		if !ok {
			ps.add(at("catalog"), "import.catalog_entry", "text", msg.Quoted(ref))
		}
		i.Catalog = entry.Key
	}
	if text := get("order"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 || n > 100000 {
			ps.add(at("order"), "import.order", "text", msg.Quoted(text))
		}
		i.Order = n
	}
	if text := get("decimals"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 || n > 6 {
			ps.add(at("decimals"), "import.decimals", "text", msg.Quoted(text))
		}
		i.Decimals = n
	}
	p.indicators = append(p.indicators, indicatorRow{indicator: i, from: from, row: r, formulaCol: col("formula")})
}

func unitKindList() string {
	var names []string
	for _, k := range zoneboard.UnitKinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// at is the location of one of the row's cells.
func (r *observationRow) at(column int) Location { return r.from.at(int(r.row), column) }

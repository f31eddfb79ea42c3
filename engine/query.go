package engine

import (
	"context"
	"math"
	"runtime"
	"slices"

	"zoneboard"
	"zoneboard/calc"
	"zoneboard/period"
)

// Query asks for the comparison rows of units, indicators and periods.
type Query struct {
	// Units by code; with Group empty and Units empty, every unit that has the figures.
	Units []string
	Group string
	// Indicators by code; empty means every indicator.
	Indicators []string
	// Periods; empty means every period an indicator has.
	Periods []period.Period
	// Ref is the reference unit; empty means each unit's parent.
	Ref string
	// Peers is the group a unit is ranked in, the unit included; empty means the unit's
	// siblings and itself.
	Peers string
	// Extras names additional columns (see ExtraColumns).
	Extras []string
	// Base is the period that ratio_to_base and implied_rate compare with.
	Base period.Period
	// Total is the indicator that pull_pp and contribution measure a component against.
	Total string
	// FiguresOnly asks for the values and growths alone, without the reference and the
	// ranks, for charts that draw many of them.
	FiguresOnly bool
	// MaxRows, when above 0, refuses a query that may give more rows, before computing any.
	MaxRows int
	// Visible, when set, limits the rows to the units it accepts: the scope of the user who
	// asks. A unit or reference named outside it is refused; a group's other members are left
	// out. Ranks still count every peer, as the bulletins do.
	Visible func(unit string) bool
}

// Row is one unit, indicator and period with its comparisons. Numbers are NaN and ranks 0
// where they do not apply.
type Row struct {
	Unit         string
	UnitName     string
	UnitNameEn   string
	Indicator    string
	Period       period.Period
	Value        float64
	ValueSource  string
	Growth       float64
	GrowthSource string
	Ref          string
	RefValue     float64
	RefGrowth    float64
	ShareOfRef   float64
	GapPP        float64
	Multiple     float64
	RankByValue  int
	RankByGrowth int
	Peers        int
	// PeersByGrowth is how many peers have a growth: the count rank_by_growth is out of.
	PeersByGrowth int
	// TiedByValue and TiedByGrowth say that another peer shares the rank (并列).
	TiedByValue, TiedByGrowth bool
	// Decimals is the indicator's, for display.
	Decimals int
	// Extras holds the values of Query.Extras, in order: float64 (NaN when it does not
	// apply) or string.
	Extras []any
}

// ranking is the ranks of one peer set for one indicator and period.
type ranking struct {
	members           []int32
	byValue, byGrowth []int
	peers             int
	peersByGrowth     int
	values, growths   []float64
}

func (r *ranking) position(u int32) int { return slices.Index(r.members, u) }

// fig is a unit's value and growth for the indicator and period at hand, and their sources.
type fig struct {
	value, growth             float64
	valueSource, growthSource string
}

// scratch is what one goroutine reuses across the (indicator, period) tasks of a query: each
// unit's figures, computed once per task, and the rankings of the task's peer sets.
type scratch struct {
	figs  []fig
	gen   []uint32
	cur   uint32
	memo  map[int32]*ranking
	spare []*ranking
}

func newScratch(units int) *scratch {
	return &scratch{figs: make([]fig, units), gen: make([]uint32, units), memo: map[int32]*ranking{}}
}

// begin starts a task: every figure and ranking of the previous one is forgotten.
func (sc *scratch) begin() {
	sc.cur++
	for _, r := range sc.memo {
		sc.spare = append(sc.spare, r)
	}
	clear(sc.memo)
}

func (sc *scratch) figure(v *view, u, ind int32, p period.Period) *fig {
	if sc.gen[u] != sc.cur {
		f := &sc.figs[u]
		f.value, f.valueSource = v.value(u, ind, p, 0)
		f.growth, f.growthSource = v.growth(u, ind, p, f.value)
		sc.gen[u] = sc.cur
	}
	return &sc.figs[u]
}

// Query returns the rows of q.
func (e *Engine) Query(ctx context.Context, q Query) ([]Row, error) {
	var rows []Row
	err := e.Each(ctx, q, func(r *Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, err
}

// Each computes the rows of q in the order indicator, period, unit and calls fn with each;
// the row is reused between calls. The view is brought up to date first.
func (e *Engine) Each(ctx context.Context, q Query, fn func(*Row) error) error {
	if err := e.Refresh(ctx); err != nil {
		return err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.v.run(ctx, q, fn)
}

// plan is a query resolved to indexes.
type plan struct {
	Query
	units      []int32
	every      bool
	indicators []int32
	ref        int32
	peers      []int32
	extras     []extraColumn
	total      int32
}

func (v *view) resolve(q Query) (*plan, error) {
	// A name given twice is asked for once.
	q.Units, q.Indicators, q.Periods, q.Extras = unique(q.Units), unique(q.Indicators), unique(q.Periods), unique(q.Extras)
	pl := &plan{Query: q, ref: -1, total: -1}
	for _, ref := range q.Units {
		u, err := v.findUnit(ref)
		if err != nil {
			return nil, err
		}
		pl.units = append(pl.units, u)
	}
	if q.Group != "" {
		members, err := v.findGroup(q.Group)
		if err != nil {
			return nil, err
		}
		pl.units = append(pl.units, members...)
	}
	if len(q.Units) == 0 && q.Group == "" {
		pl.every = true
		for i := range v.units {
			pl.units = append(pl.units, int32(i))
		}
	}
	if q.Visible != nil {
		for _, u := range pl.units[:len(q.Units)] {
			if code := v.units[u].Code; !q.Visible(code) {
				return nil, zoneboard.Errorf(zoneboard.EForbidden, "unit %s is outside your scope", code)
			}
		}
		visible := pl.units[:0]
		for _, u := range pl.units {
			if q.Visible(v.units[u].Code) {
				visible = append(visible, u)
			}
		}
		pl.units = visible
	}
	for _, ref := range q.Indicators {
		ind, err := v.findIndicator(ref)
		if err != nil {
			return nil, err
		}
		pl.indicators = append(pl.indicators, ind)
	}
	if len(q.Indicators) == 0 {
		for i := range v.indicators {
			pl.indicators = append(pl.indicators, int32(i))
		}
	}
	if q.Ref != "" {
		ref, err := v.findUnit(q.Ref)
		if err != nil {
			return nil, err
		}
		pl.ref = ref
		// The one rule of scope for comparisons: a scoped reader may compare with the units
		// above its own (its park's zone, the city), as bulletins publish them beside every
		// unit, whether named or implied; any other unit outside the scope is refused.
		if q.Visible != nil && !q.Visible(v.units[ref].Code) && !v.aboveAll(ref, pl.units) {
			return nil, zoneboard.Errorf(zoneboard.EForbidden, "the reference unit %s is outside your scope", v.units[ref].Code)
		}
	}
	if q.Peers != "" {
		members, err := v.findGroup(q.Peers)
		if err != nil {
			return nil, err
		}
		pl.peers = members
	}
	if q.Total != "" {
		t, err := v.findIndicator(q.Total)
		if err != nil {
			return nil, err
		}
		pl.total = t
	}
	for _, name := range q.Extras {
		x, ok := extraColumns[name]
		if !ok {
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "%q is not an extra column; the extra columns are %s", name, ExtraColumnNames())
		}
		if x.needs == "base" && q.Base.IsZero() {
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "the extra column %s needs a base period", name)
		}
		if x.needs == "total" && q.Total == "" {
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "the extra column %s needs a total indicator", name)
		}
		pl.extras = append(pl.extras, x)
	}
	return pl, nil
}

// task is one indicator and period of a query.
type task struct {
	indicator int32
	period    period.Period
}

// parallelRows is the size of a query above which its tasks are shared among the cores.
const parallelRows = 20000

func (v *view) run(ctx context.Context, q Query, fn func(*Row) error) error {
	pl, err := v.resolve(q)
	if err != nil {
		return err
	}
	q = pl.Query
	var tasks []task
	for _, ind := range pl.indicators {
		if len(q.Periods) > 0 {
			for _, p := range q.Periods {
				tasks = append(tasks, task{ind, p})
			}
			continue
		}
		for _, k := range v.periods[ind] {
			tasks = append(tasks, task{ind, k.period()})
		}
	}
	if q.MaxRows > 0 && len(tasks)*len(pl.units) > q.MaxRows {
		return zoneboard.Errorf(zoneboard.EInvalid, "the query may give up to %d rows, more than the %d allowed: name fewer units, indicators or periods",
			len(tasks)*len(pl.units), q.MaxRows)
	}
	workers := min(runtime.GOMAXPROCS(0), 4)
	if workers < 2 || len(tasks) < 2 || len(tasks)*len(pl.units) < parallelRows {
		sc := newScratch(len(v.units))
		var rows []Row
		for _, t := range tasks {
			if err := ctx.Err(); err != nil {
				return err // the caller has gone
			}
			rows = v.runTask(pl, t, sc, rows[:0])
			for i := range rows {
				if err := fn(&rows[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Worker w computes tasks w, w+workers, ...; the rows are handed to fn in task order.
	done := make(chan struct{})
	defer close(done)
	results := make([]chan []Row, workers)
	for w := range results {
		results[w] = make(chan []Row, 2)
		go func(w int) {
			defer close(results[w])
			sc := newScratch(len(v.units))
			for t := w; t < len(tasks); t += workers {
				select {
				case results[w] <- v.runTask(pl, tasks[t], sc, make([]Row, 0, len(pl.units))):
				case <-done:
					return
				}
			}
		}(w)
	}
	for t := range tasks {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows := <-results[t%workers]
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// runTask computes the rows of one indicator and period, appended to rows.
func (v *view) runTask(pl *plan, t task, sc *scratch, rows []Row) []Row {
	sc.begin()
	for _, u := range pl.units {
		own := sc.figure(v, u, t.indicator, t.period)
		if pl.every && own.valueSource != SourceReported && own.growthSource != SourceReported {
			continue // every unit: only those that publish the figure
		}
		rows = append(rows, Row{})
		v.fill(&rows[len(rows)-1], pl, u, t.indicator, t.period, sc)
	}
	return rows
}

// fill computes one row.
func (v *view) fill(row *Row, pl *plan, u, ind int32, p period.Period, sc *scratch) {
	unit, def := &v.units[u], &v.indicators[ind]
	own := sc.figure(v, u, ind, p)
	*row = Row{Unit: unit.Code, UnitName: unit.Name, UnitNameEn: unit.NameEn, Indicator: def.Code, Period: p, Decimals: def.Decimals,
		Value: own.value, ValueSource: own.valueSource, Growth: own.growth, GrowthSource: own.growthSource,
		RefValue: calc.Missing, RefGrowth: calc.Missing, ShareOfRef: calc.Missing, GapPP: calc.Missing, Multiple: calc.Missing}

	if pl.FiguresOnly {
		return
	}
	ref := pl.ref
	if ref < 0 {
		ref = unit.parent
	}
	if ref >= 0 && ref != u {
		rf := sc.figure(v, ref, ind, p)
		row.Ref, row.RefValue, row.RefGrowth = v.units[ref].Code, rf.value, rf.growth
		if def.Extensive() { // amounts and counts have a share; a rate, a per-capita figure or an intensity has none
			row.ShareOfRef, _ = calc.Share(row.Value, row.RefValue)
		}
		row.GapPP, _ = calc.Gap(row.Growth, row.RefGrowth)
		row.Multiple, _ = calc.Multiple(row.Growth, row.RefGrowth)
	}

	r := v.rank(pl, u, ind, p, sc)
	if i := r.position(u); i >= 0 {
		row.RankByValue, row.RankByGrowth, row.Peers, row.PeersByGrowth = r.byValue[i], r.byGrowth[i], r.peers, r.peersByGrowth
		row.TiedByValue, row.TiedByGrowth = tied(r.byValue, i), tied(r.byGrowth, i)
	}
	if len(pl.extras) > 0 {
		row.Extras = make([]any, 0, len(pl.extras))
		for _, x := range pl.extras {
			row.Extras = append(row.Extras, x.compute(v, pl, row, u, ind))
		}
	}
}

// rank ranks the unit's peer set, once per task and set.
func (v *view) rank(pl *plan, u, ind int32, p period.Period, sc *scratch) *ranking {
	var members []int32
	var key int32
	switch {
	case pl.peers != nil && slices.Contains(pl.peers, u):
		members, key = pl.peers, -2
	case pl.peers != nil:
		members, key = append(slices.Clone(pl.peers), u), -3-u // not a member: ranked with the group, alone
	case v.units[u].parent >= 0:
		members, key = v.units[v.units[u].parent].children, v.units[u].parent
	default:
		members, key = []int32{u}, -3-u
	}
	if r, ok := sc.memo[key]; ok {
		return r
	}
	var r *ranking
	if n := len(sc.spare); n > 0 {
		r, sc.spare = sc.spare[n-1], sc.spare[:n-1]
	} else {
		r = &ranking{}
	}
	r.members, r.peers, r.peersByGrowth = members, 0, 0
	r.values, r.growths = r.values[:0], r.growths[:0]
	for _, m := range members {
		f := sc.figure(v, m, ind, p)
		r.values = append(r.values, f.value)
		r.growths = append(r.growths, f.growth)
	}
	up := v.indicators[ind].Better != zoneboard.BetterDown
	r.byValue = calc.RanksInto(grow(r.byValue, len(members)), r.values, up)
	r.byGrowth = calc.RanksInto(grow(r.byGrowth, len(members)), r.growths, up)
	for i := range members {
		if r.byValue[i] > 0 {
			r.peers++
		}
	}
	for i := range members {
		if r.byGrowth[i] > 0 {
			r.peersByGrowth++
		}
	}
	if r.peers == 0 { // published as growth only: the peers are those with a growth
		r.peers = r.peersByGrowth
	}
	sc.memo[key] = r
	return r
}

// tied reports whether another member has member i's rank.
func tied(ranks []int, i int) bool {
	if ranks[i] == 0 {
		return false
	}
	for j, r := range ranks {
		if j != i && r == ranks[i] {
			return true
		}
	}
	return false
}

// grow returns s with length n, reusing its array when it is large enough.
func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

// nan is calc.Missing under a short name for the extra columns.
var nan = math.NaN()

// findUnit finds a unit by code or exact name.
// aboveAll says whether unit is an ancestor of every one of units (and there is one).
func (v *view) aboveAll(unit int32, units []int32) bool {
	if len(units) == 0 {
		return false
	}
	for _, u := range units {
		above := false
		for p := v.units[u].parent; p >= 0; p = v.units[p].parent {
			if p == unit {
				above = true
				break
			}
		}
		if !above {
			return false
		}
	}
	return true
}

func (v *view) findUnit(ref string) (int32, error) {
	if u, ok := v.unitIndex[ref]; ok {
		return u, nil
	}
	var found []int32
	for i := range v.units {
		if v.units[i].Name == ref || v.units[i].NameEn == ref {
			found = append(found, int32(i))
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return -1, zoneboard.Errorf(zoneboard.EInvalid, "unit %q is not a known unit code or name", ref)
	}
	return -1, zoneboard.Errorf(zoneboard.EInvalid, "%q names several units; give the code", ref)
}

// findIndicator finds an indicator by code or exact name.
func (v *view) findIndicator(ref string) (int32, error) {
	if i, ok := v.indicatorIndex[ref]; ok {
		return i, nil
	}
	for i := range v.indicators {
		if v.indicators[i].Name == ref || v.indicators[i].NameEn == ref {
			return int32(i), nil
		}
	}
	return -1, zoneboard.Errorf(zoneboard.EInvalid, "indicator %q is not a known indicator code or name", ref)
}

// findGroup finds a group by code or exact name.
func (v *view) findGroup(ref string) ([]int32, error) {
	if members, ok := v.groups[ref]; ok {
		return members, nil
	}
	for code, name := range v.groupNames {
		if name == ref {
			return v.groups[code], nil
		}
	}
	return nil, zoneboard.Errorf(zoneboard.EInvalid, "group %q is not a known group code or name", ref)
}

// Periods lists every period that has a figure, newest first.
func (e *Engine) Periods(ctx context.Context) ([]period.Period, error) {
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	seen := map[periodKey]bool{}
	for _, list := range e.v.periods {
		for _, k := range list {
			seen[k] = true
		}
	}
	out := make([]period.Period, 0, len(seen))
	for k := range seen {
		out = append(out, k.period())
	}
	slices.SortFunc(out, func(a, b period.Period) int {
		if a.Before(b) {
			return 1
		}
		if b.Before(a) {
			return -1
		}
		return 0
	})
	return out, nil
}

// unique drops repeated items, keeping the first of each.
func unique[T comparable](items []T) []T {
	if len(items) < 2 {
		return items
	}
	seen := make(map[T]bool, len(items))
	out := items[:0:0]
	for _, x := range items {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

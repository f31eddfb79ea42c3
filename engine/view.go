// Package engine answers the comparison queries of Chinese statistical bulletins (the growth,
// the city's growth, the gap, the multiple, the share, the ranks among peers) from an
// in-memory view of every observation. The view is read once from the store and kept current
// from the store's change sequence: before each query the engine reads what changed since its
// last look, so a write is visible to the very next query, with no rebuild step.
//
// The engine reads through zoneboard.FigureReader only; it never writes.
package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"zoneboard"
	"zoneboard/calc"
	"zoneboard/period"
)

// periodKey packs a period into 32 bits, ordered by year, first month, last month.
type periodKey uint32

func keyOf(p period.Period) periodKey {
	return periodKey(uint32(p.Year)<<8 | uint32(p.First)<<4 | uint32(p.Last))
}

func (k periodKey) period() period.Period {
	return period.Period{Year: int(k >> 8), First: int(k>>4) & 0xF, Last: int(k) & 0xF}
}

// series holds one unit's values of one indicator, ordered by period. Three parallel slices
// keep an observation at 20 bytes: a packed period and two float64, NaN where not published.
type series struct {
	periods []periodKey
	values  []float64
	growths []float64
}

func (s *series) find(k periodKey) int {
	i, found := slices.BinarySearch(s.periods, k)
	if !found {
		return -1
	}
	return i
}

// set writes one observation, inserting it in order if it is new.
func (s *series) set(k periodKey, value, growth float64) {
	i, found := slices.BinarySearch(s.periods, k)
	if found {
		s.values[i], s.growths[i] = value, growth
		return
	}
	s.periods = slices.Insert(s.periods, i, k)
	s.values = slices.Insert(s.values, i, value)
	s.growths = slices.Insert(s.growths, i, growth)
}

type unitInfo struct {
	zoneboard.Unit
	parent   int32 // -1 for a root
	children []int32
}

type indicatorInfo struct {
	zoneboard.Indicator
	formula *calc.Formula
}

// view is everything the engine knows, indexed by small integers.
type view struct {
	units          []unitInfo
	unitIndex      map[string]int32
	indicators     []indicatorInfo
	indicatorIndex map[string]int32
	groups         map[string][]int32
	groupNames     map[string]string
	// series[unit][indicator], nil where a unit has none: a slice index is several times
	// cheaper than a map lookup, and a query looks series up millions of times.
	series [][]*series
	// periods lists, per indicator, every period that any unit has, in order.
	periods [][]periodKey
	size    int
	// unknown counts the figures of units or indicators the view did not know.
	unknown int
	// lastSeries caches the series of the previous append: a scan gives one series' rows in a row.
	lastSeries              *series
	lastUnit, lastIndicator int32
}

func (v *view) get(unit, indicator int32) *series {
	if int(unit) >= len(v.series) {
		return nil
	}
	if byIndicator := v.series[unit]; int(indicator) < len(byIndicator) {
		return byIndicator[indicator]
	}
	return nil
}

// seriesFor returns the series of a unit and indicator, making it if there is none.
func (v *view) seriesFor(unit, indicator int32) *series {
	if s := v.get(unit, indicator); s != nil {
		return s
	}
	for len(v.series) <= int(unit) {
		v.series = append(v.series, nil)
	}
	if len(v.series[unit]) <= int(indicator) {
		grown := make([]*series, len(v.indicators))
		copy(grown, v.series[unit])
		v.series[unit] = grown
	}
	s := &series{}
	v.series[unit][indicator] = s
	return s
}

// Engine answers queries from the view.
type Engine struct {
	source zoneboard.FigureReader
	// mu guards v and through: queries share it, refreshes take it alone.
	mu      sync.RWMutex
	v       *view
	through int64
	// definitions is the change of the definitions the view holds.
	definitions int64
	// refreshing lets one caller refresh while the others wait for its result.
	refreshing sync.Mutex
}

func newView() *view {
	return &view{unitIndex: map[string]int32{}, indicatorIndex: map[string]int32{}, groups: map[string][]int32{}, groupNames: map[string]string{}}
}

// New reads every observation of the source into a new engine.
func New(ctx context.Context, source zoneboard.FigureReader) (*Engine, error) {
	e := &Engine{source: source}
	if err := e.loadAll(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// Observations is how many observations the view holds.
func (e *Engine) Observations() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.v.size
}

// Refresh brings the view up to the store's latest change. Queries call it first; it costs
// one small query when nothing changed, and nothing under a context from Refreshed.
func (e *Engine) Refresh(ctx context.Context) error {
	if ctx.Value(refreshedKey{}) != nil {
		return nil
	}
	point, err := e.source.LatestChange(ctx)
	if err != nil {
		return err
	}
	e.mu.RLock()
	current, definitions := e.through, e.definitions
	e.mu.RUnlock()
	if point.Latest == current && point.Definitions <= definitions {
		return nil
	}
	e.refreshing.Lock()
	defer e.refreshing.Unlock()
	e.mu.RLock()
	current, definitions = e.through, e.definitions
	e.mu.RUnlock()
	if point.Latest <= current && point.Definitions <= definitions {
		return nil // another caller refreshed meanwhile
	}
	// The figures are read first and the definitions after, so that every unit a figure names
	// is among the definitions; the view changes under the write lock only, so queries run
	// on the old view meanwhile.
	var figures []zoneboard.Figures
	through, err := e.source.ScanFigures(ctx, current, func(f zoneboard.Figures) error {
		figures = append(figures, f)
		return nil
	})
	if err != nil {
		return err
	}
	var defs *definitionSet
	// A write that came between the look at the sequence and the scan may have changed
	// definitions unseen: read them too then.
	if point.Definitions > definitions || through > point.Latest || e.namesUnknown(figures) {
		if defs, err = e.readDefinitions(ctx); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if defs != nil {
		if err := e.v.setDefinitions(defs.units, defs.indicators, defs.groups); err != nil {
			return err
		}
		e.definitions = point.Definitions
	}
	for _, f := range figures {
		e.v.append(f)
	}
	e.through = through
	return nil
}

// namesUnknown reports whether a figure names a unit or an indicator the view does not know.
func (e *Engine) namesUnknown(figures []zoneboard.Figures) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, f := range figures {
		_, ok1 := e.v.unitIndex[f.Unit]
		_, ok2 := e.v.indicatorIndex[f.Indicator]
		if !ok1 || !ok2 {
			return true
		}
	}
	return false
}

type definitionSet struct {
	units      []zoneboard.Unit
	indicators []zoneboard.Indicator
	groups     []zoneboard.Group
}

func (e *Engine) readDefinitions(ctx context.Context) (*definitionSet, error) {
	var d definitionSet
	var err error
	if d.units, err = e.source.FindUnits(ctx, zoneboard.UnitFilter{}); err != nil {
		return nil, err
	}
	if d.indicators, err = e.source.FindIndicators(ctx, zoneboard.IndicatorFilter{}); err != nil {
		return nil, err
	}
	if d.groups, err = e.source.FindGroups(ctx); err != nil {
		return nil, err
	}
	return &d, nil
}

// loadAll makes the first view: the definitions, then every figure streamed into its series.
// A figure of a unit written after the definitions were read would be lost, so the load
// starts again when the scan meets one.
func (e *Engine) loadAll(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		point, err := e.source.LatestChange(ctx)
		if err != nil {
			return err
		}
		defs, err := e.readDefinitions(ctx)
		if err != nil {
			return err
		}
		v := newView()
		if err := v.setDefinitions(defs.units, defs.indicators, defs.groups); err != nil {
			return err
		}
		through, err := e.source.ScanFigures(ctx, 0, v.append)
		if err != nil {
			return err
		}
		if (v.unknown > 0 || through > point.Latest) && attempt < 3 {
			continue // something was written while loading: start again from the new state
		}
		v.compact()
		definitions := point.Definitions
		if through > point.Latest {
			definitions = -1 // written to while loading: read the definitions at the next refresh
		}
		e.mu.Lock()
		e.v, e.through, e.definitions = v, through, definitions
		e.mu.Unlock()
		return nil
	}
}

// setDefinitions installs units, indicators and groups. Indexes of known codes never change,
// so the series already held stay valid.
func (v *view) setDefinitions(units []zoneboard.Unit, indicators []zoneboard.Indicator, groups []zoneboard.Group) error {
	for _, u := range units {
		if _, ok := v.unitIndex[u.Code]; !ok {
			v.unitIndex[u.Code] = int32(len(v.units))
			v.units = append(v.units, unitInfo{})
		}
	}
	for i := range v.units {
		v.units[i].children = v.units[i].children[:0]
	}
	for _, u := range units {
		i := v.unitIndex[u.Code]
		parent := int32(-1)
		if p, ok := v.unitIndex[u.Parent]; ok && u.Parent != "" {
			parent = p
		}
		v.units[i] = unitInfo{Unit: u, parent: parent, children: v.units[i].children}
	}
	for i, u := range v.units {
		if u.parent >= 0 {
			v.units[u.parent].children = append(v.units[u.parent].children, int32(i))
		}
	}
	for _, ind := range indicators {
		if _, ok := v.indicatorIndex[ind.Code]; !ok {
			v.indicatorIndex[ind.Code] = int32(len(v.indicators))
			v.indicators = append(v.indicators, indicatorInfo{})
			v.periods = append(v.periods, nil)
		}
	}
	known := func(code string) bool { _, ok := v.indicatorIndex[code]; return ok }
	for _, ind := range indicators {
		info := indicatorInfo{Indicator: ind}
		if ind.Formula != "" {
			f, err := calc.ParseFormula(ind.Formula, known)
			if err != nil {
				return fmt.Errorf("engine: indicator %s: %w", ind.Code, err)
			}
			info.formula = f
		}
		v.indicators[v.indicatorIndex[ind.Code]] = info
	}
	clear(v.groups)
	clear(v.groupNames)
	for _, g := range groups {
		members := make([]int32, 0, len(g.Members))
		for _, m := range g.Members {
			if i, ok := v.unitIndex[m]; ok {
				members = append(members, i)
			}
		}
		v.groups[g.Code] = members
		v.groupNames[g.Code] = g.Name
	}
	return nil
}

// append writes one observation. The store scans in key order, so a first load appends at
// the end of each series; a changed observation is written in place.
func (v *view) append(f zoneboard.Figures) error {
	u, ok1 := v.unitIndex[f.Unit]
	ind, ok2 := v.indicatorIndex[f.Indicator]
	if !ok1 || !ok2 {
		v.unknown++
		return nil
	}
	if f.Deleted {
		v.remove(u, ind, keyOf(f.Period))
		return nil
	}
	s := v.lastSeries
	if s == nil || v.lastUnit != u || v.lastIndicator != ind {
		s = v.seriesFor(u, ind)
		v.lastSeries, v.lastUnit, v.lastIndicator = s, u, ind
	}
	k := keyOf(f.Period)
	if n := len(s.periods); n == 0 || s.periods[n-1] < k {
		s.periods = append(s.periods, k)
		s.values = append(s.values, f.Value)
		s.growths = append(s.growths, f.Growth)
		v.size++
	} else {
		if s.find(k) < 0 {
			v.size++
		}
		s.set(k, f.Value, f.Growth)
	}
	v.notePeriod(ind, k)
	return nil
}

// remove deletes one observation from its series.
func (v *view) remove(u, ind int32, k periodKey) {
	s := v.get(u, ind)
	if s == nil {
		return
	}
	if i := s.find(k); i >= 0 {
		s.periods = slices.Delete(s.periods, i, i+1)
		s.values = slices.Delete(s.values, i, i+1)
		s.growths = slices.Delete(s.growths, i, i+1)
		v.size--
	}
}

// compact trims every series to its length, so that a loaded view holds no slack.
func (v *view) compact() {
	for _, byIndicator := range v.series {
		for _, s := range byIndicator {
			if s == nil || cap(s.periods) == len(s.periods) {
				continue
			}
			s.periods = exact(s.periods)
			s.values = exact(s.values)
			s.growths = exact(s.growths)
		}
	}
	v.lastSeries = nil
}

// notePeriod records that an indicator has a period, keeping the list ordered.
func (v *view) notePeriod(indicator int32, k periodKey) {
	list := v.periods[indicator]
	if n := len(list); n > 0 && list[n-1] == k {
		return
	}
	i, found := slices.BinarySearch(list, k)
	if !found {
		v.periods[indicator] = slices.Insert(list, i, k)
	}
}

// exact copies a slice into an allocation of its length.
func exact[T any](s []T) []T {
	out := make([]T, len(s))
	copy(out, s)
	return out
}

type refreshedKey struct{}

// Refreshed refreshes the view and returns a context under which the engine does not look for
// changes again: a request that reads the engine many times (a dashboard makes several
// queries) sees one state, and asks the store once.
func (e *Engine) Refreshed(ctx context.Context) (context.Context, error) {
	if err := e.Refresh(ctx); err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, refreshedKey{}, true), nil
}

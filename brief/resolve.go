package brief

import (
	"context"
	"slices"
	"sort"

	"zoneboard"
	"zoneboard/catalog"
	"zoneboard/engine"
	"zoneboard/msg"
	"zoneboard/period"
)

// layout is a template resolved against the indicators a zone keeps: which of its indicator
// codes each reference of the template stands for, and the indicators no section names.
type layout struct {
	lead     []string
	together [][]string // per lead.together statement; nil where one of its indicators is missing
	sections [][]string
	others   []string // the indicators no section names, in their display order
	phrasing map[string]IndicatorPhrasing
}

// resolver finds a zone's indicator from a template's reference to it: a code, a name, or a
// catalogue entry (its key, name or alias), so that the default template, written by meaning,
// works whatever codes the zone gave its indicators.
type resolver struct {
	byCode  map[string]zoneboard.Indicator
	byName  map[string]string
	byEntry map[string][]string // catalogue key -> the zone's codes matched to it, in display order
}

func newResolver(indicators []zoneboard.Indicator) *resolver {
	sorted := sortedByOrder(indicators)
	r := &resolver{byCode: map[string]zoneboard.Indicator{}, byName: map[string]string{}, byEntry: map[string][]string{}}
	for _, ind := range sorted {
		r.byCode[ind.Code] = ind
		if _, taken := r.byName[ind.Name]; !taken {
			r.byName[ind.Name] = ind.Code
		}
		if e, ok := catalog.Match(ind); ok {
			r.byEntry[e.Key] = append(r.byEntry[e.Key], ind.Code)
		}
	}
	return r
}

// code is the zone's indicator a reference stands for.
func (r *resolver) code(ref string) (string, bool) {
	if _, ok := r.byCode[ref]; ok {
		return ref, true
	}
	if code, ok := r.byName[ref]; ok {
		return code, true
	}
	if e, ok := catalog.Lookup(ref); ok && len(r.byEntry[e.Key]) > 0 {
		return r.byEntry[e.Key][0], true
	}
	return "", false
}

// layout resolves the template; the template may name indicators the zone does not keep, and
// those are left out.
func (r *resolver) layout(tpl *Template, indicators []zoneboard.Indicator) *layout {
	l := &layout{phrasing: map[string]IndicatorPhrasing{}}
	placed := map[string]bool{}
	codes := func(refs []string) []string {
		var out []string
		for _, ref := range refs {
			if code, ok := r.code(ref); ok && !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
		return out
	}
	l.lead = codes(tpl.Lead.Indicators)
	for _, c := range l.lead {
		placed[c] = true
	}
	for _, tg := range tpl.Lead.Together {
		cs := codes(tg.Indicators)
		if len(cs) != len(tg.Indicators) {
			cs = nil // a shared statement is made of all its indicators or not at all
		}
		l.together = append(l.together, cs)
	}
	for _, s := range tpl.Sections {
		var cs []string
		for _, c := range codes(s.Indicators) {
			if !placed[c] {
				placed[c] = true
				cs = append(cs, c)
			}
		}
		l.sections = append(l.sections, cs)
	}
	if tpl.Others != nil {
		for _, ind := range sortedByOrder(indicators) {
			if !placed[ind.Code] {
				l.others = append(l.others, ind.Code)
			}
		}
	}
	for ref, ph := range tpl.Indicators {
		if code, ok := r.code(ref); ok {
			if _, explicit := tpl.Indicators[code]; explicit && code != ref {
				continue // the phrasing given under the code itself wins
			}
			l.phrasing[code] = ph
		}
	}
	return l
}

// all lists every indicator the layout names, once.
func (l *layout) all() []string {
	var out []string
	add := func(cs []string) {
		for _, c := range cs {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	add(l.lead)
	for _, cs := range l.together {
		add(cs)
	}
	for _, cs := range l.sections {
		add(cs)
	}
	add(l.others)
	return out
}

// body lists the indicators of the sections and the others, in the order they are written.
func (l *layout) body() []string {
	var out []string
	for _, cs := range l.sections {
		out = append(out, cs...)
	}
	return append(out, l.others...)
}

func sortedByOrder(indicators []zoneboard.Indicator) []zoneboard.Indicator {
	out := slices.Clone(indicators)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// LatestPeriod is the period a briefing or a dashboard of the unit opens on when none is asked
// for: the latest period that has the headline figures (the lead's indicators; when the unit
// has none of them, any indicator of the template), cumulative spans from January (2020年,
// 1-11月) before single months and quarters. ok is false when the unit has no figures at all.
func (w *Writer) LatestPeriod(ctx context.Context, tpl *Template, unit string, visible func(string) bool) (p period.Period, ok bool, err error) {
	if tpl == nil {
		tpl = DefaultTemplate()
	}
	indicators, err := w.Indicators.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return period.Period{}, false, err
	}
	code, err := w.unitCode(ctx, unit)
	if err != nil {
		return period.Period{}, false, err
	}
	l := newResolver(indicators).layout(tpl, indicators)
	periods, err := w.Engine.Periods(ctx)
	if err != nil || len(periods) == 0 {
		return period.Period{}, false, err
	}
	for _, wanted := range [][]string{l.lead, l.all()} {
		if len(wanted) == 0 {
			continue
		}
		rows, err := w.Engine.Query(ctx, engine.Query{Units: []string{code}, Indicators: wanted, Periods: periods, FiguresOnly: true, Visible: visible})
		if err != nil {
			return period.Period{}, false, err
		}
		var best period.Period
		found := false
		for _, r := range rows {
			if missing(r.Value) && missing(r.Growth) {
				continue
			}
			if !found || opensBefore(r.Period, best) {
				best, found = r.Period, true
			}
		}
		if found {
			return best, true, nil
		}
	}
	return period.Period{}, false, nil
}

// opensBefore says whether p is the better period to open on than q: a cumulative span from
// January before any other, then the later end, then the longer span.
func opensBefore(p, q period.Period) bool {
	if p.IsYearToDate() != q.IsYearToDate() {
		return p.IsYearToDate()
	}
	if p.Year != q.Year {
		return p.Year > q.Year
	}
	if p.Last != q.Last {
		return p.Last > q.Last
	}
	return p.Months() > q.Months()
}

// unitCode finds a unit by code or exact name.
func (w *Writer) unitCode(ctx context.Context, ref string) (string, error) {
	units, err := w.Units.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return "", err
	}
	for _, u := range units {
		if u.Code == ref {
			return u.Code, nil
		}
	}
	for _, u := range units {
		if u.Name == ref {
			return u.Code, nil
		}
	}
	return "", zoneboard.Fail(zoneboard.EInvalid, "api.unknown_unit", "text", msg.Quoted(ref))
}

// maxCards bounds the dashboard's cards: the template's indicators all have one, and a zone's
// own indicators fill up to this many.
const maxCards = 12

// KeyIndicators lists the dashboard's cards for a zone: its indicators that the template names,
// in the template's order (the lead's first), then those of the last section (the zone's own,
// outside the catalogue), in their display order, up to maxCards in all.
func KeyIndicators(tpl *Template, indicators []zoneboard.Indicator) []string {
	if tpl == nil {
		tpl = DefaultTemplate()
	}
	l := newResolver(indicators).layout(tpl, indicators)
	var keys []string
	for _, c := range l.all() {
		if slices.Contains(l.others, c) {
			continue
		}
		keys = append(keys, c)
	}
	for _, c := range l.others {
		if len(keys) >= maxCards {
			break
		}
		keys = append(keys, c)
	}
	return keys
}

// OpeningPeriod is the period asked for, or when none is, the one LatestPeriod finds; a unit
// without figures has none, and the error says to give one.
func (w *Writer) OpeningPeriod(ctx context.Context, tpl *Template, unit string, asked period.Period, visible func(string) bool) (period.Period, error) {
	if !asked.IsZero() {
		return asked, nil
	}
	p, ok, err := w.LatestPeriod(ctx, tpl, unit, visible)
	if err != nil {
		return period.Period{}, err
	}
	if !ok {
		return period.Period{}, zoneboard.Fail(zoneboard.EInvalid, "brief.no_figures", "unit", msg.Quoted(unit))
	}
	return p, nil
}

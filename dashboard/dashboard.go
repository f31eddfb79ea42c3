// Package dashboard composes what the dashboard (总览) of a unit and a period shows: a card per
// key indicator with its comparisons, the peers' growth, the growth through the year against
// the reference's, and the briefing's lead paragraph, from one engine and one template.
package dashboard

import (
	"context"
	"math"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/engine"
	"zoneboard/period"
)

// Dashboard is what the dashboard shows. Numbers are nil where they do not apply.
type Dashboard struct {
	Unit       zoneboard.Unit  `json:"unit"`
	Period     string          `json:"period"`
	PeriodName string          `json:"period_name"`
	Ref        *zoneboard.Unit `json:"ref"`
	Cards      []Card          `json:"cards"`
	Peers      []PeerChart     `json:"peers"`
	Trend      []Trend         `json:"trend"`
	Lead       string          `json:"lead"`
	Periods    []string        `json:"periods"`
}

// Card is one key indicator.
type Card struct {
	Indicator    string   `json:"indicator"`
	Name         string   `json:"name"`
	NameEn       string   `json:"name_en"`
	Measure      string   `json:"measure"`
	Decimals     int      `json:"decimals"`
	Value        *float64 `json:"value"`
	Growth       *float64 `json:"growth"`
	GrowthSource string   `json:"growth_source"`
	RefValue     *float64 `json:"ref_value"`
	RefGrowth    *float64 `json:"ref_growth"`
	ShareOfRef   *float64 `json:"share_of_ref"`
	GapPP        *float64 `json:"gap_pp"`
	Multiple     *float64 `json:"multiple"`
	RankByValue  *int     `json:"rank_by_value"`
	RankByGrowth *int     `json:"rank_by_growth"`
	Peers        int      `json:"peers"`
}

// PeerChart is the peers' figures of one indicator.
type PeerChart struct {
	Indicator string    `json:"indicator"`
	Rows      []PeerBar `json:"rows"`
}

// PeerBar is one peer.
type PeerBar struct {
	Unit     string   `json:"unit"`
	UnitName string   `json:"unit_name"`
	Value    *float64 `json:"value"`
	Growth   *float64 `json:"growth"`
}

// Trend is the cumulative growth of one indicator through the year, beside the reference's.
type Trend struct {
	Indicator string  `json:"indicator"`
	Points    []Point `json:"points"`
}

// Point is one period of a trend.
type Point struct {
	Period    string   `json:"period"`
	Growth    *float64 `json:"growth"`
	RefGrowth *float64 `json:"ref_growth"`
}

// Builder builds dashboards.
type Builder struct {
	Engine   *engine.Engine
	Store    brief.Store
	Template *brief.Template
	// Visible, when set, limits the peer charts to the units it accepts: a park's reporter
	// sees its own bar and its rank, not the other parks' figures.
	Visible func(unit string) bool
}

func number(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	v := engine.Clean(x)
	return &v
}

func rank(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// Build composes the dashboard of a unit and a period.
func (b *Builder) Build(ctx context.Context, unitRef string, p period.Period, lang string) (*Dashboard, error) {
	tpl := b.Template
	if tpl == nil {
		tpl = brief.DefaultTemplate()
	}
	units, err := b.Store.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	var unit *zoneboard.Unit
	byCode := map[string]*zoneboard.Unit{}
	for i := range units {
		byCode[units[i].Code] = &units[i]
	}
	unit = byCode[unitRef]
	for i := range units {
		if unit == nil && units[i].Name == unitRef {
			unit = &units[i]
		}
	}
	if unit == nil {
		return nil, zoneboard.Errorf(zoneboard.EInvalid, "unit %q is not a known unit code or name", unitRef)
	}
	indicators, err := b.Store.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	defs := map[string]zoneboard.Indicator{}
	for _, ind := range indicators {
		defs[ind.Code] = ind
	}
	// The key indicators are the briefing template's, found by meaning, in its order.
	keys := brief.KeyIndicators(tpl, indicators)
	w := &brief.Writer{Engine: b.Engine, Units: b.Store, Indicators: b.Store, Groups: b.Store}
	// Without a period, the dashboard opens on the latest one with the headline figures.
	if p.IsZero() {
		latest, ok, err := w.LatestPeriod(ctx, tpl, unit.Code, b.Visible)
		if err != nil {
			return nil, err
		}
		if !ok {
			latest, err = b.latestAny(ctx)
			if err != nil {
				return nil, err
			}
		}
		p = latest
	}
	d := &Dashboard{Unit: *unit, Period: p.Code(), PeriodName: p.Chinese(), Cards: []Card{}, Peers: []PeerChart{}, Trend: []Trend{}}
	if lang == brief.English {
		d.PeriodName = p.English()
	}
	if p.IsZero() { // an empty store: no period to open on
		d.Period, d.PeriodName = "", ""
	}
	if parent := byCode[unit.Parent]; parent != nil {
		d.Ref = parent
	}
	periods, err := b.Engine.Periods(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range periods {
		d.Periods = append(d.Periods, q.Code())
	}
	if len(keys) == 0 || p.IsZero() {
		return d, nil
	}
	rows, err := b.Engine.Query(ctx, engine.Query{Units: []string{unit.Code}, Indicators: keys, Periods: []period.Period{p}})
	if err != nil {
		return nil, err
	}
	var shown []string
	for _, r := range rows {
		if math.IsNaN(r.Value) && math.IsNaN(r.Growth) {
			continue // nothing published: no card
		}
		def := defs[r.Indicator]
		d.Cards = append(d.Cards, Card{Indicator: r.Indicator, Name: def.Name, NameEn: def.NameEn, Measure: def.Unit, Decimals: def.Decimals,
			Value: number(r.Value), Growth: number(r.Growth), GrowthSource: r.GrowthSource, RefValue: number(r.RefValue),
			RefGrowth: number(r.RefGrowth), ShareOfRef: number(r.ShareOfRef), GapPP: number(r.GapPP), Multiple: number(r.Multiple),
			RankByValue: rank(r.RankByValue), RankByGrowth: rank(r.RankByGrowth), Peers: r.Peers})
		shown = append(shown, r.Indicator)
	}
	if len(shown) == 0 {
		return d, nil
	}
	if d.Ref != nil {
		var siblings []string
		for _, u := range units {
			if u.Parent == d.Ref.Code && (b.Visible == nil || b.Visible(u.Code)) {
				siblings = append(siblings, u.Code)
			}
		}
		peerRows, err := b.Engine.Query(ctx, engine.Query{Units: siblings, Indicators: shown, Periods: []period.Period{p}, FiguresOnly: true})
		if err != nil {
			return nil, err
		}
		charts := map[string]*PeerChart{}
		for _, code := range shown {
			d.Peers = append(d.Peers, PeerChart{Indicator: code, Rows: []PeerBar{}})
		}
		for i := range d.Peers {
			charts[d.Peers[i].Indicator] = &d.Peers[i]
		}
		for _, r := range peerRows {
			if math.IsNaN(r.Value) && math.IsNaN(r.Growth) {
				continue
			}
			name := r.UnitName
			if lang == brief.English && r.UnitNameEn != "" {
				name = r.UnitNameEn
			}
			c := charts[r.Indicator]
			c.Rows = append(c.Rows, PeerBar{Unit: r.Unit, UnitName: name, Value: number(r.Value), Growth: number(r.Growth)})
		}
	}
	var year []period.Period
	for m := 1; m <= 12; m++ {
		year = append(year, period.YearToDate(p.Year, m))
	}
	trend := []string{unit.Code}
	if d.Ref != nil {
		trend = append(trend, d.Ref.Code)
	}
	trendRows, err := b.Engine.Query(ctx, engine.Query{Units: trend, Indicators: shown, Periods: year, FiguresOnly: true})
	if err != nil {
		return nil, err
	}
	trends := map[string]*Trend{}
	for _, code := range shown {
		d.Trend = append(d.Trend, Trend{Indicator: code, Points: []Point{}})
	}
	for i := range d.Trend {
		trends[d.Trend[i].Indicator] = &d.Trend[i]
	}
	// The rows come by indicator and period, the unit's and then the reference's.
	refGrowth := map[string]float64{}
	for _, r := range trendRows {
		if d.Ref != nil && r.Unit == d.Ref.Code {
			refGrowth[r.Indicator+" "+r.Period.Code()] = r.Growth
		}
	}
	for _, r := range trendRows {
		if r.Unit != unit.Code || math.IsNaN(r.Growth) {
			continue
		}
		ref, ok := refGrowth[r.Indicator+" "+r.Period.Code()]
		if !ok {
			ref = math.NaN()
		}
		t := trends[r.Indicator]
		t.Points = append(t.Points, Point{Period: r.Period.Code(), Growth: number(r.Growth), RefGrowth: number(ref)})
	}
	if br, err := w.Write(ctx, tpl, brief.Request{Unit: unit.Code, Period: p, Lang: lang}); err == nil {
		d.Lead = br.Lead
	} else {
		return nil, err
	}
	return d, nil
}

// latestAny is the period a dashboard of a unit without figures opens on: the latest of the
// store, so that its period picker starts somewhere; none on an empty store.
func (b *Builder) latestAny(ctx context.Context) (period.Period, error) {
	periods, err := b.Engine.Periods(ctx)
	if err != nil || len(periods) == 0 {
		return period.Period{}, err
	}
	best := periods[0]
	for _, q := range periods[1:] {
		if best.Before(q) {
			best = q
		}
	}
	return best, nil
}

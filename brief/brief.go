// Package brief writes the committee's economic briefing (经济运行简报) for a unit and a
// period from the comparison engine's results, in official Chinese or in English, following
// a template that users edit. Every sentence is made from engine rows with the phrasing rules
// of Chinese bulletins; a figure that is missing leaves its sentence out and never prints as
// zero. It renders as text, Markdown, HTML and Word (.docx).
package brief

import (
	"context"
	"math"
	"slices"
	"strings"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/msg"
	"zoneboard/period"
	"zoneboard/plan"
)

// Languages of a briefing.
const (
	Chinese = "zh"
	English = "en"
)

// Request names the briefing wanted.
type Request struct {
	Unit   string
	Period period.Period
	// Ref is the reference unit (default the unit's parent); Peers the group ranked in
	// (default the unit's siblings).
	Ref   string
	Peers string
	Lang  string
	// Plan, when set, is the plan of the unit and its descendants judged at the period; the
	// briefing gains a paragraph on it.
	Plan *plan.Evaluation
	// Visible, when set, is the reader's scope: a unit or reference outside it is refused.
	Visible func(unit string) bool
}

// Briefing is a written briefing.
type Briefing struct {
	Lang     string      `json:"lang"`
	Unit     string      `json:"unit"`
	UnitName string      `json:"unit_name"`
	Period   string      `json:"period"`
	Title    string      `json:"title"`
	Lead     string      `json:"lead"`
	Sections []Paragraph `json:"sections"`
	Figures  []Figure    `json:"figures"`
}

// Paragraph is a themed section of the briefing.
type Paragraph struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Figure is one line of the briefing's table of figures.
type Figure struct {
	Indicator    string  `json:"indicator"`
	Name         string  `json:"name"`
	Unit         string  `json:"unit"`
	Value        float64 `json:"-"`
	Growth       float64 `json:"-"`
	RefGrowth    float64 `json:"-"`
	Share        float64 `json:"-"`
	RankByValue  int     `json:"rank_by_value,omitempty"`
	RankByGrowth int     `json:"rank_by_growth,omitempty"`
	Peers        int     `json:"peers,omitempty"`
	Decimals     int     `json:"-"`
	// Cells are the table's cells as printed, in the order of TableHeader.
	Cells []string `json:"cells"`
}

// Store is what briefings read of the store: the definitions.
type Store interface {
	zoneboard.UnitService
	zoneboard.IndicatorService
	zoneboard.GroupService
}

// Writer writes briefings from the engine and the store's definitions.
type Writer struct {
	Engine     *engine.Engine
	Units      zoneboard.UnitService
	Indicators zoneboard.IndicatorService
	Groups     zoneboard.GroupService
}

// Write writes the briefing of req following tpl (nil: the default template).
func (w *Writer) Write(ctx context.Context, tpl *Template, req Request) (*Briefing, error) {
	if tpl == nil {
		tpl = DefaultTemplate()
	}
	if req.Lang == "" {
		req.Lang = Chinese
	}
	if req.Lang != Chinese && req.Lang != English {
		return nil, zoneboard.Fail(zoneboard.EInvalid, "brief.language", "lang", msg.Quoted(req.Lang))
	}
	indicators, err := w.Indicators.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	defs := map[string]zoneboard.Indicator{}
	for _, ind := range indicators {
		defs[ind.Code] = ind
	}
	lay := newResolver(indicators).layout(tpl, indicators)
	rows := map[string]*engine.Row{}
	if wanted := lay.all(); len(wanted) > 0 {
		result, err := w.Engine.Query(ctx, engine.Query{Units: []string{req.Unit}, Indicators: wanted, Periods: []period.Period{req.Period},
			Ref: req.Ref, Peers: req.Peers, Extras: []string{"prev_period", "growth_change_pp"}, Visible: req.Visible})
		if err != nil {
			return nil, err
		}
		for i := range result {
			rows[result[i].Indicator] = &result[i]
		}
	}
	units, err := w.Units.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	unitsByCode := map[string]zoneboard.Unit{}
	for _, u := range units {
		unitsByCode[u.Code] = u
	}
	unit, ok := unitsByCode[req.Unit]
	if !ok {
		for _, u := range units {
			if u.Name == req.Unit {
				unit, ok = u, true
			}
		}
		if !ok {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "api.unknown_unit", "text", msg.Quoted(req.Unit))
		}
	}
	c := &composer{tpl: tpl, layout: lay, lang: req.Lang, defs: defs, rows: rows, unit: unit, period: req.Period, plan: req.Plan}
	c.nameReference(unitsByCode, req, w.Groups, ctx)
	return c.compose(), nil
}

// composer holds what the sentences of one briefing are made from.
type composer struct {
	tpl       *Template
	layout    *layout
	lang      string
	defs      map[string]zoneboard.Indicator
	rows      map[string]*engine.Row
	unit      zoneboard.Unit
	period    period.Period
	refName   string
	peersName string
	plan      *plan.Evaluation
}

// nameReference decides how the reference and the peers are called: the template's names, or
// names from the reference unit's kind (全市, 全市各县区).
func (c *composer) nameReference(units map[string]zoneboard.Unit, req Request, groups zoneboard.GroupService, ctx context.Context) {
	refCode := req.Ref
	if refCode == "" {
		for _, r := range c.rows {
			if r.Ref != "" {
				refCode = r.Ref
				break
			}
		}
		if refCode == "" {
			refCode = c.unit.Parent
		}
	}
	ref := units[refCode]
	// The ranks are among the unit's siblings (or a named group), whatever the reference.
	peersOf := units[c.unit.Parent]
	if c.lang == English {
		c.refName, c.peersName = c.tpl.RefNameEn, c.tpl.PeersNameEn
		if c.refName == "" {
			c.refName = englishWhole(ref)
		}
		if c.peersName == "" {
			c.peersName = "the " + strings.TrimPrefix(englishWhole(peersOf), "the ") + "'s {n} units"
		}
	} else {
		c.refName, c.peersName = c.tpl.RefName, c.tpl.PeersName
		if c.refName == "" {
			c.refName = chineseWhole(ref)
		}
		if c.peersName == "" {
			c.peersName = chinesePeers(peersOf, chineseWhole(peersOf))
		}
	}
	if req.Peers != "" && groups != nil {
		if all, err := groups.FindGroups(ctx); err == nil {
			for _, g := range all {
				if g.Code == req.Peers || g.Name == req.Peers {
					if c.lang == English {
						c.peersName = "the {n} units of the group " + g.Code
					} else {
						c.peersName = g.Name
					}
				}
			}
		}
	}
}

func chineseWhole(ref zoneboard.Unit) string {
	switch ref.Kind {
	case zoneboard.KindCountry:
		return "全国"
	case zoneboard.KindProvince:
		return "全省"
	case zoneboard.KindCity:
		return "全市"
	case zoneboard.KindDistrict, zoneboard.KindZone:
		return "全区"
	case zoneboard.KindCounty:
		return "全县"
	}
	if ref.Name != "" {
		return ref.Name
	}
	return "上级"
}

func chinesePeers(ref zoneboard.Unit, whole string) string {
	switch ref.Kind {
	case zoneboard.KindCountry:
		return "全国各省份"
	case zoneboard.KindProvince:
		return "全省各市"
	case zoneboard.KindCity:
		return "全市各县区"
	case zoneboard.KindZone:
		return "全区各园区"
	}
	return whole + "各单位"
}

func englishWhole(ref zoneboard.Unit) string {
	switch ref.Kind {
	case zoneboard.KindCountry:
		return "the country"
	case zoneboard.KindProvince:
		return "the province"
	case zoneboard.KindCity:
		return "the city"
	case zoneboard.KindZone:
		return "the zone"
	case zoneboard.KindDistrict, zoneboard.KindCounty:
		return "the district"
	}
	return "the reference"
}

func (c *composer) compose() *Briefing {
	b := &Briefing{Lang: c.lang, Unit: c.unit.Code, UnitName: c.unitName(), Period: c.period.Code()}
	b.Title = c.title()
	// The lead states the headline indicators; a unit that has none of them (a park publishes no
	// GDP) is led by its first indicator that has a figure, so that the lead is never empty
	// while the unit has figures.
	headline := c.layout.lead
	if !slices.ContainsFunc(headline, func(code string) bool { return c.row(code) != nil }) {
		headline = nil
		for _, code := range c.layout.body() {
			if c.row(code) != nil {
				headline = []string{code}
				break
			}
		}
	}
	var lead []string
	for _, code := range headline {
		if s := c.sentence(code); s != "" {
			lead = append(lead, s)
		}
	}
	for i, tg := range c.tpl.Lead.Together {
		if s := c.together(tg, c.layout.together[i]); s != "" {
			lead = append(lead, s)
		}
	}
	if len(lead) > 0 {
		b.Lead = c.leadParagraph(lead)
	}
	// The table of figures holds the lead's indicators, then the sections'.
	for _, code := range headline {
		if f, ok := c.figure(code); ok {
			b.Figures = append(b.Figures, f)
		}
	}
	sections := slices.Clone(c.tpl.Sections)
	codes := slices.Clone(c.layout.sections)
	if c.tpl.Others != nil {
		sections, codes = append(sections, *c.tpl.Others), append(codes, c.layout.others)
	}
	for i, section := range sections {
		var sentences []string
		for _, code := range codes[i] {
			if slices.Contains(headline, code) {
				continue
			}
			if s := c.sentence(code); s != "" {
				sentences = append(sentences, s)
			}
			if f, ok := c.figure(code); ok {
				b.Figures = append(b.Figures, f)
			}
		}
		if len(sentences) == 0 {
			continue
		}
		title := section.Title
		if c.lang == English {
			title = section.TitleEn
		}
		b.Sections = append(b.Sections, Paragraph{Title: title, Text: c.paragraph(sentences)})
	}
	if p, ok := c.planParagraph(c.plan); ok {
		b.Sections = append(b.Sections, p)
	}
	return b
}

func (c *composer) unitName() string {
	if c.lang == English && c.unit.NameEn != "" {
		return c.unit.NameEn
	}
	return c.unit.Name
}

func (c *composer) title() string {
	t, p := c.tpl.Title, c.period.Chinese()
	if c.lang == English {
		t, p = c.tpl.TitleEn, c.period.English()
	}
	return strings.NewReplacer("{unit}", c.unitName(), "{period}", p).Replace(t)
}

// row returns the engine row of an indicator, or nil when it has neither value nor growth.
func (c *composer) row(code string) *engine.Row {
	r := c.rows[code]
	if r == nil || (missing(r.Value) && missing(r.Growth)) {
		return nil
	}
	return r
}

func (c *composer) phrasing(code string) IndicatorPhrasing { return c.layout.phrasing[code] }

func (c *composer) name(code string) string {
	ph, def := c.phrasing(code), c.defs[code]
	if c.lang == English {
		if ph.NameEn != "" {
			return ph.NameEn
		}
		if def.NameEn != "" {
			return def.NameEn
		}
		return def.Name
	}
	if ph.Name != "" {
		return ph.Name
	}
	return def.Name
}

// sentence states one indicator: its level, growth, share, comparison with the reference,
// rank and change since the previous period, each only where its figures exist.
func (c *composer) sentence(code string) string {
	r := c.row(code)
	if r == nil {
		return ""
	}
	if c.lang == English {
		return c.sentenceEn(code, r)
	}
	return c.sentenceZh(code, r)
}

// together states a shared statement when it holds for every indicator named.
func (c *composer) together(tg Together, codes []string) string {
	var names []string
	for i, code := range codes {
		r := c.row(code)
		if r == nil || missing(r.Multiple) || r.RefGrowth < 1 || r.Multiple < tg.MultipleAtLeast {
			return "" // stated only when it holds, and never over a tiny reference growth
		}
		name := c.name(code)
		if c.lang == English && i < len(tg.NamesEn) {
			name = tg.NamesEn[i]
		} else if c.lang == Chinese && i < len(tg.Names) {
			name = tg.Names[i]
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return ""
	}
	if c.lang == English {
		for i := 1; i < len(names); i++ {
			names[i] = lowerFirst(names[i])
		}
		return englishList(names) + " all grew at least " + one(tg.MultipleAtLeast) + " times as fast as " + c.refName
	}
	return strings.Join(names, "、") + "增速均达到" + c.refName + "平均水平" + one(tg.MultipleAtLeast) + "倍以上"
}

func (c *composer) figure(code string) (Figure, bool) {
	r := c.row(code)
	if r == nil {
		return Figure{}, false
	}
	def := c.defs[code]
	f := Figure{Indicator: code, Name: c.name(code), Unit: def.Unit, Value: r.Value, Growth: r.Growth, RefGrowth: r.RefGrowth,
		Share: r.ShareOfRef, RankByValue: r.RankByValue, RankByGrowth: r.RankByGrowth, Peers: r.Peers, Decimals: def.Decimals}
	f.Cells = []string{f.Name, f.Unit, level(r, def.Decimals), percent(r.Growth), percent(r.RefGrowth), percent(r.ShareOfRef),
		rankCell(r.RankByValue, r.Peers), rankCell(r.RankByGrowth, r.PeersByGrowth)}
	if r.Peers < 2 { // ranked alone: a rank says nothing
		f.Cells[6], f.Cells[7] = "", ""
	}
	return f, true
}

// TableHeader names the columns of the table of figures.
func TableHeader(lang string) []string {
	if lang == English {
		return []string{"Indicator", "Unit", "Value", "Growth (%)", "Reference growth (%)", "Share of reference (%)", "Rank by value", "Rank by growth"}
	}
	return []string{"指标", "计量单位", "本期", "增长(%)", "上级增长(%)", "占上级(%)", "总量位次", "增速位次"}
}

func missing(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

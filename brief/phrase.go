package brief

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"zoneboard"

	"zoneboard/engine"
	"zoneboard/period"
)

// one writes a percentage, a point gap or a multiple as bulletins do: one decimal.
func one(x float64) string { return zoneboard.FormatRate(x) }

// level writes a level to the indicator's decimals, as every other output does.
func level(r *engine.Row, decimals int) string {
	return zoneboard.Indicator{Decimals: decimals}.FormatValue(r.Value)
}

// levelZh writes a level with its unit as bulletins do: an amount of 万元 from a hundred
// million up in 亿元 (税收收入完成36.0亿元, not 360000万元), at one decimal; others as kept.
func levelZh(x float64, def zoneboard.Indicator) string {
	if def.Unit == "万元" && math.Abs(x) >= 10000 {
		return zoneboard.Indicator{Decimals: max(1, def.Decimals-4)}.FormatValue(x/10000) + "亿元"
	}
	return def.FormatValue(x) + def.Unit
}

func percent(x float64) string {
	if missing(x) {
		return ""
	}
	return one(x)
}

func rankCell(rank, peers int) string {
	if rank == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", rank, peers)
}

// roundsToZero tells whether a figure prints as 0.0.
func roundsToZero(x float64) bool { return math.Abs(x) < 0.05 }

// withoutYear is a period's Chinese form without its year: 一季度, 1-5月.
func withoutYear(p period.Period) string {
	s := p.Chinese()
	if i := strings.Index(s, "年"); i >= 0 && i+len("年") < len(s) {
		return s[i+len("年"):]
	}
	return s
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes 1..99 in Chinese numerals: 一, 十, 十六, 二十一.
func chineseNumber(n int) string {
	switch {
	case n < 10:
		return chineseDigits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + chineseDigits[n%10]
	case n < 100:
		s := chineseDigits[n/10] + "十"
		if n%10 != 0 {
			s += chineseDigits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}

// defaultVerb is how bulletins state a level: a flow over the period is 完成 (完成投资56.0亿元);
// a count at the period's end, a per-capita figure or a ratio is 达到 (达到128家, 达到2.50%).
func defaultVerb(def zoneboard.Indicator) string {
	if def.Stock || def.MeasureOf() != zoneboard.MeasureAmount {
		return "达到"
	}
	return "完成"
}

func (c *composer) sentenceZh(code string, r *engine.Row) string {
	def, ph := c.defs[code], c.phrasing(code)
	name := c.name(code)
	ref := c.refName
	var parts []string
	growth := ""
	if !missing(r.Growth) {
		switch {
		case roundsToZero(r.Growth):
			growth = "与上年持平"
		case r.Growth > 0:
			growth = "增长" + one(r.Growth) + "%"
		default:
			growth = "下降" + one(-r.Growth) + "%"
		}
	}
	if !missing(r.Value) {
		verb := ph.Verb
		if verb == "" {
			verb = defaultVerb(def)
		}
		parts = append(parts, name+verb+levelZh(r.Value, def))
		if growth != "" {
			if strings.HasPrefix(growth, "与") {
				parts = append(parts, growth)
			} else {
				parts = append(parts, "同比"+growth)
			}
		}
	} else if strings.HasPrefix(growth, "与") {
		parts = append(parts, name+growth)
	} else {
		parts = append(parts, name+"同比"+growth)
	}
	if !missing(r.ShareOfRef) && (ph.Share == nil || *ph.Share) && r.ShareOfRef < 100 {
		parts = append(parts, "占"+ref+one(r.ShareOfRef)+"%")
	}
	if s := c.comparisonZh(r, ph); s != "" {
		parts = append(parts, s)
	}
	if s := c.rankZh(r); s != "" {
		parts = append(parts, s)
	}
	if s := c.changeZh(r); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "，")
}

// comparisonZh compares the growth with the reference's: a multiple only when growth >
// reference growth > 0 and the reference is not tiny, else the gap in points, worded for a
// falling reference and for a smaller decline.
func (c *composer) comparisonZh(r *engine.Row, ph IndicatorPhrasing) string {
	if missing(r.Growth) || missing(r.RefGrowth) {
		return ""
	}
	ref := c.refName
	if statesMultiple(r) {
		pattern := ph.Multiple
		if pattern == "" {
			pattern = "增速是{ref}平均增速的{multiple}倍"
		}
		return strings.NewReplacer("{ref}", ref, "{multiple}", one(r.Multiple)).Replace(pattern)
	}
	gap := r.Growth - r.RefGrowth
	switch {
	case roundsToZero(gap):
		return "增速与" + ref + "持平"
	case r.Growth < 0 && r.RefGrowth < 0 && gap > 0:
		return "降幅比" + ref + "小" + one(gap) + "个百分点"
	case r.Growth < 0 && r.RefGrowth < 0:
		return "降幅比" + ref + "大" + one(-gap) + "个百分点"
	case gap > 0:
		return "高出" + ref + "平均增速" + one(gap) + "个百分点"
	default:
		return "低于" + ref + "平均增速" + one(-gap) + "个百分点"
	}
}

// statesMultiple says whether the growth is stated as a multiple of the reference's: only
// when growth > reference > 0, the reference grows by 1% or more (a multiple of a tiny growth
// means nothing) and the multiple reads as more than 1.0.
func statesMultiple(r *engine.Row) bool {
	return !missing(r.Multiple) && r.RefGrowth >= 1 && one(r.Multiple) != "1.0"
}

func (c *composer) peersFor(r *engine.Row, byGrowthOnly bool) string {
	n := r.Peers
	if byGrowthOnly {
		n = r.PeersByGrowth
	}
	return strings.ReplaceAll(c.peersName, "{n}", strconv.Itoa(n))
}

// rankZh states the ranks that are good enough to state (rank_top), as bulletins do.
func (c *composer) rankZh(r *engine.Row) string {
	top := c.tpl.RankTop
	if r.Peers < 2 {
		return ""
	}
	peers := c.peersFor(r, false)
	place := func(rank int, tied bool) string {
		s := "第" + chineseNumber(rank) + "位"
		if tied {
			s = "并列" + s
		}
		return s
	}
	byValue := r.RankByValue > 0 && r.RankByValue <= top
	byGrowth := r.RankByGrowth > 0 && r.RankByGrowth <= top
	switch {
	case byValue && byGrowth && r.RankByValue == r.RankByGrowth && r.TiedByValue == r.TiedByGrowth && r.TiedByValue:
		return "总量、增速均并列" + peers + place(r.RankByValue, false)
	case byValue && byGrowth && r.RankByValue == r.RankByGrowth && r.TiedByValue == r.TiedByGrowth:
		return "总量、增速均列" + peers + place(r.RankByValue, false)
	case byValue && byGrowth:
		return "总量居" + peers + place(r.RankByValue, r.TiedByValue) + "，增速居" + place(r.RankByGrowth, r.TiedByGrowth)
	case byValue:
		return "总量居" + peers + place(r.RankByValue, r.TiedByValue)
	case byGrowth && missing(r.Value):
		return "居" + c.peersFor(r, true) + place(r.RankByGrowth, r.TiedByGrowth)
	case byGrowth:
		return "增速居" + c.peersFor(r, true) + place(r.RankByGrowth, r.TiedByGrowth)
	}
	return ""
}

// change reads the engine's extra columns prev_period and growth_change_pp.
func change(r *engine.Row) (prev period.Period, points float64, ok bool) {
	if len(r.Extras) < 2 {
		return prev, 0, false
	}
	code, _ := r.Extras[0].(string)
	points, isNumber := r.Extras[1].(float64)
	if code == "" || !isNumber || missing(points) {
		return prev, 0, false
	}
	p, err := period.Parse(code)
	return p, points, err == nil
}

func (c *composer) changeZh(r *engine.Row) string {
	prev, points, ok := change(r)
	if !ok || math.Abs(points) < c.tpl.ChangeThreshold {
		return ""
	}
	since := withoutYear(prev)
	// Both periods falling: the decline narrows or widens (降幅收窄/扩大), as bulletins say.
	if r.Growth < 0 && r.Growth-points < 0 {
		if points > 0 {
			return "降幅较" + since + "收窄" + one(points) + "个百分点"
		}
		return "降幅较" + since + "扩大" + one(-points) + "个百分点"
	}
	if points > 0 {
		return "增速较" + since + "提高" + one(points) + "个百分点"
	}
	return "增速较" + since + "回落" + one(-points) + "个百分点"
}

func (c *composer) leadParagraph(statements []string) string {
	if c.lang == English {
		rest := make([]string, len(statements)-1)
		for i, s := range statements[1:] {
			rest[i] = lowerFirst(s)
		}
		return "In " + c.period.English() + ", " + c.unitName() + "'s " + lowerFirst(statements[0]) + joinRest(rest, "; ") + "."
	}
	return c.period.Chinese() + "，" + c.unitName() + strings.Join(statements, "；") + "。"
}

func (c *composer) paragraph(sentences []string) string {
	if c.lang == English {
		for i := range sentences {
			sentences[i] = upperFirst(sentences[i])
		}
		return strings.Join(sentences, ". ") + "."
	}
	return strings.Join(sentences, "；") + "。"
}

func joinRest(rest []string, sep string) string {
	if len(rest) == 0 {
		return ""
	}
	return sep + strings.Join(rest, sep)
}

// English units: how many of the English unit one Chinese unit is, and its name.
var englishUnits = map[string]struct {
	factor float64
	extra  int
	name   string
}{
	"亿元": {0.1, 1, "billion yuan"}, "万元": {0.01, 2, "million yuan"}, "元": {1, 0, "yuan"},
	"亿美元": {0.1, 1, "billion US dollars"}, "万美元": {0.01, 2, "million US dollars"}, "美元": {1, 0, "US dollars"},
	"万人": {0.01, 2, "million people"}, "人": {1, 0, "people"}, "家": {1, 0, "firms"}, "个": {1, 0, ""}, "%": {1, 0, "%"},
}

func (c *composer) levelEn(code string, r *engine.Row) string {
	def := c.defs[code]
	return englishAmount(r.Value, def.Unit, def.Decimals)
}

func (c *composer) sentenceEn(code string, r *engine.Row) string {
	ph := c.phrasing(code)
	name := c.name(code)
	var parts []string
	if !missing(r.Value) {
		first := name + " reached " + c.levelEn(code, r)
		if !missing(r.Growth) {
			switch {
			case roundsToZero(r.Growth):
				first += ", unchanged year on year"
			case r.Growth > 0:
				first += ", up " + one(r.Growth) + "% year on year"
			default:
				first += ", down " + one(-r.Growth) + "% year on year"
			}
		}
		parts = append(parts, first)
	} else {
		switch {
		case roundsToZero(r.Growth):
			parts = append(parts, name+" was unchanged year on year")
		case r.Growth > 0:
			parts = append(parts, name+" grew "+one(r.Growth)+"% year on year")
		default:
			parts = append(parts, name+" fell "+one(-r.Growth)+"% year on year")
		}
	}
	if !missing(r.ShareOfRef) && (ph.Share == nil || *ph.Share) && r.ShareOfRef < 100 {
		parts = append(parts, one(r.ShareOfRef)+"% of "+possessive(c.refName)+" total")
	}
	if s := c.comparisonEn(r, ph); s != "" {
		parts = append(parts, s)
	}
	if s := c.rankEn(r); s != "" {
		parts = append(parts, s)
	}
	if prev, points, ok := change(r); ok && math.Abs(points) >= c.tpl.ChangeThreshold {
		switch {
		case r.Growth < 0 && r.Growth-points < 0 && points > 0:
			parts = append(parts, "the decline "+one(points)+" points narrower than in "+prev.English())
		case r.Growth < 0 && r.Growth-points < 0:
			parts = append(parts, "the decline "+one(-points)+" points wider than in "+prev.English())
		case points > 0:
			parts = append(parts, "growth "+one(points)+" points higher than in "+prev.English())
		default:
			parts = append(parts, "growth "+one(-points)+" points lower than in "+prev.English())
		}
	}
	return strings.Join(parts, ", ")
}

func (c *composer) comparisonEn(r *engine.Row, ph IndicatorPhrasing) string {
	if missing(r.Growth) || missing(r.RefGrowth) {
		return ""
	}
	ref := c.refName
	if statesMultiple(r) {
		pattern := ph.MultipleEn
		if pattern == "" {
			pattern = "{multiple} times the growth of {ref}"
		}
		return strings.NewReplacer("{ref}", ref, "{multiple}", one(r.Multiple)).Replace(pattern)
	}
	gap := r.Growth - r.RefGrowth
	switch {
	case roundsToZero(gap):
		return "in line with the growth of " + ref
	case r.Growth < 0 && r.RefGrowth < 0 && gap > 0:
		return "a decline " + one(gap) + " points smaller than that of " + ref
	case r.Growth < 0 && r.RefGrowth < 0:
		return "a decline " + one(-gap) + " points larger than that of " + ref
	case r.RefGrowth < 0:
		return one(gap) + " percentage points above the growth of " + ref + ", which fell " + one(-r.RefGrowth) + "%"
	case gap > 0:
		return one(gap) + " percentage points above the growth of " + ref
	default:
		return one(-gap) + " percentage points below the growth of " + ref
	}
}

var ordinals = []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}

func ordinal(n int) string {
	if n < len(ordinals) {
		return ordinals[n]
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func (c *composer) rankEn(r *engine.Row) string {
	top := c.tpl.RankTop
	if r.Peers < 2 {
		return ""
	}
	peers := c.peersFor(r, false)
	place := func(rank int, tied bool) string {
		if tied {
			return "joint " + ordinal(rank)
		}
		return ordinal(rank)
	}
	byValue := r.RankByValue > 0 && r.RankByValue <= top
	byGrowth := r.RankByGrowth > 0 && r.RankByGrowth <= top
	switch {
	case byValue && byGrowth && r.RankByValue == r.RankByGrowth && r.TiedByValue == r.TiedByGrowth:
		return place(r.RankByValue, r.TiedByValue) + " among " + peers + " in both size and growth"
	case byValue && byGrowth:
		return place(r.RankByValue, r.TiedByValue) + " in size and " + place(r.RankByGrowth, r.TiedByGrowth) + " in growth among " + peers
	case byValue:
		return place(r.RankByValue, r.TiedByValue) + " in size among " + peers
	case byGrowth:
		return place(r.RankByGrowth, r.TiedByGrowth) + " in growth among " + c.peersFor(r, true)
	}
	return ""
}

func possessive(s string) string { return s + "'s" }

func englishList(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// lowerFirst lowers the first letter of a name, unless it is an acronym such as GDP.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + s[size:]
	}
	return s
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

package brief

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"zoneboard"
	"zoneboard/period"
	"zoneboard/plan"
)

// PlanSection is the briefing's paragraph on the plan: key projects by level, targets and
// key tasks of the unit and its parks.
type PlanSection struct {
	Title   string `yaml:"title"`
	TitleEn string `yaml:"title_en"`
	// Omit leaves the paragraph out.
	Omit bool `yaml:"omit"`
	// Targets is how many targets to state at most (default 5).
	Targets int `yaml:"targets"`
}

var levelNames = map[string][2]string{
	zoneboard.LevelProvince: {"省级", "provincial"},
	zoneboard.LevelCity:     {"市级", "city"},
	zoneboard.LevelDistrict: {"区级", "district"},
}

// planParagraph states the plan as judged at the briefing's period: nothing when the unit has
// no plan items.
func (c *composer) planParagraph(ev *plan.Evaluation) (Paragraph, bool) {
	if ev == nil || c.tpl.Plan.Omit {
		return Paragraph{}, false
	}
	en := c.lang == English
	var sentences []string
	// Key projects, by level, highest first; projects of no level after them.
	summaries := plan.Summarize(ev.Projects, func(p plan.ProjectProgress) string { return p.Project.Level })
	order := map[string]int{zoneboard.LevelProvince: 0, zoneboard.LevelCity: 1, zoneboard.LevelDistrict: 2, "": 3}
	for rank := 0; rank <= 3; rank++ {
		for _, s := range summaries {
			if o, ok := order[s.Key]; (ok && o == rank) || (!ok && rank == 3) {
				if text := c.projectSentence(s, en); text != "" {
					sentences = append(sentences, text)
				}
			}
		}
	}
	// A large group of one industry is stated too, as bulletins do ("其中基础设施项目16个，总投资
	// 近100亿元"), when the projects are of more than one industry. "其中" follows a sentence on
	// all the projects only when there is one such sentence; after several (one per level) the
	// whole is named first, so that the part is never read as larger than the level before it.
	industries := plan.Summarize(ev.Projects, func(p plan.ProjectProgress) string { return p.Project.Industry })
	levels := len(sentences)
	if len(industries) > 1 {
		for _, s := range industries {
			if s.Key == "" || s.Count < 5 || s.Count >= len(ev.Projects) {
				continue
			}
			switch {
			case en && levels == 1:
				sentences = append(sentences, fmt.Sprintf("%d of them are %s projects with a total investment of %s", s.Count, s.Key, approxEn(s.TotalInvestment)))
			case en:
				sentences = append(sentences, fmt.Sprintf("of all %d key projects, %d are %s projects with a total investment of %s", len(ev.Projects), s.Count, s.Key, approxEn(s.TotalInvestment)))
			case levels == 1:
				sentences = append(sentences, fmt.Sprintf("其中%s项目%d个，总投资%s", s.Key, s.Count, approxZh(s.TotalInvestment)))
			default:
				sentences = append(sentences, fmt.Sprintf("全部%d个重点项目中，%s项目%d个，总投资%s", len(ev.Projects), s.Key, s.Count, approxZh(s.TotalInvestment)))
			}
		}
	}
	limit := c.tpl.Plan.Targets
	if limit <= 0 {
		limit = 5
	}
	for i, t := range ev.Targets {
		if i >= limit {
			break
		}
		if text := c.targetSentence(t, en); text != "" {
			sentences = append(sentences, text)
		}
	}
	if text := taskSentence(ev.Tasks, en); text != "" {
		sentences = append(sentences, text)
	}
	if len(sentences) == 0 {
		return Paragraph{}, false
	}
	title := c.tpl.Plan.Title
	if title == "" {
		title = "重点项目和目标任务推进情况"
	}
	if en {
		title = c.tpl.Plan.TitleEn
		if title == "" {
			title = "Key projects and targets"
		}
	}
	return Paragraph{Title: title, Text: c.paragraph(sentences)}, true
}

// projectSentence: "24个市级重点项目，总投资近100亿元，1-5月完成投资41.1亿元，占年度计划的93.3%，
// 超过时间进度18.3个百分点;开工率87.5%".
func (c *composer) projectSentence(s plan.ProjectSummary, en bool) string {
	level := levelNames[s.Key]
	var b strings.Builder
	// Investment is summed from January: the span is year-to-date, to the month judged.
	span := period.YearToDate(c.period.Year, c.period.Last)
	if len(c.plan.Projects) > 0 {
		if m, err := strconv.Atoi(c.plan.Projects[0].AsOf[5:]); err == nil {
			span = period.YearToDate(c.period.Year, m)
		}
	}
	if en {
		kind := "key projects"
		if s.Count == 1 {
			kind = "key project"
		}
		if level[1] != "" {
			kind = level[1] + " " + kind
		}
		fmt.Fprintf(&b, "%d %s with a total investment of %s", s.Count, kind, approxEn(s.TotalInvestment))
		if s.Completion != nil {
			fmt.Fprintf(&b, " completed %s in %s, %s of the annual plan, %s", yi(s.Completed, en), span.English(), pctText(*s.Completion),
				gapEn(*s.GapPoints))
		}
		if s.StartRate != nil {
			fmt.Fprintf(&b, "; %d of the %d due to start have started (%s)", s.Started, s.PlannedToStart, pctText(*s.StartRate))
		}
		switch {
		case s.Lagging == 1:
			b.WriteString("; 1 is lagging")
		case s.Lagging > 1:
			fmt.Fprintf(&b, "; %d are lagging", s.Lagging)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%d个%s重点项目，总投资%s", s.Count, level[0], approxZh(s.TotalInvestment))
	if s.Completion != nil {
		fmt.Fprintf(&b, "，%s完成投资%s，占年度计划的%s，%s", span.Chinese(), yi(s.Completed, en), pctText(*s.Completion), gapZh(*s.GapPoints))
	}
	if s.StartRate != nil && s.PlannedToStart > 0 { // no 开工率 when none was due to start
		fmt.Fprintf(&b, "，计划开工%d个、已开工%d个，开工率%s", s.PlannedToStart, s.Started, pctText(*s.StartRate))
	}
	if s.Lagging > 0 {
		fmt.Fprintf(&b, "，%d个项目进度滞后", s.Lagging)
	}
	return b.String()
}

// targetSentence: "一线进出口额完成45.2亿元，完成年度目标（80亿元）的56.5%，超过时间进度14.8个百分点".
func (c *composer) targetSentence(t plan.TargetProgress, en bool) string {
	if t.Value == nil && t.Growth == nil || t.Target.Value == nil {
		return ""
	}
	// The indicator is named, as bulletins do: "一线进出口额完成34.5亿元", not the target's title.
	name := c.name(t.Target.Indicator)
	unit := c.defs[t.Target.Indicator].Unit
	if t.Target.Measure == zoneboard.MeasureGrowth {
		if t.Growth == nil {
			return ""
		}
		g, target := *t.Growth, *t.Target.Value
		if en {
			// judged in points, as in Chinese: "fell 0.7%, 8.2 points below the target of 7.5% growth"
			change := "grew " + pctText(g)
			if g < 0 {
				change = "fell " + pctText(-g)
			}
			side := "above"
			if g < target {
				side = "below"
			}
			return fmt.Sprintf("%s %s, %s points %s the target of %s growth for %s", name, change, points(math.Abs(g-target)), side, pctText(target), t.Target.Deadline.English())
		}
		indicator := c.name(t.Target.Indicator)
		change := "增长" + pctText(g)
		if g < 0 {
			change = "下降" + pctText(-g)
		}
		if g >= target {
			return fmt.Sprintf("%s%s，高于%s目标（增长%s）%s个百分点", indicator, change, t.Target.Deadline.Chinese(), pctText(target), points(g-target))
		}
		return fmt.Sprintf("%s%s，低于%s目标（增长%s）%s个百分点", indicator, change, t.Target.Deadline.Chinese(), pctText(target), points(target-g))
	}
	value, target := *t.Value, *t.Target.Value
	deadline := "年度"
	if t.Target.Deadline.Year != c.period.Year || !t.Target.Deadline.IsYear() {
		deadline = t.Target.Deadline.Chinese()
	}
	if en {
		s := fmt.Sprintf("%s reached %s, against a target of %s by %s", name, englishAmount(value, unit, 1), englishAmount(target, unit, 1), t.Target.Deadline.English())
		if t.Completion != nil {
			s += fmt.Sprintf(" (%s done", pctText(*t.Completion))
			if t.GapPoints != nil && t.TimeProgress != nil && *t.TimeProgress < 100 {
				s += ", " + gapEn(*t.GapPoints)
			}
			s += ")"
		}
		return s
	}
	s := fmt.Sprintf("%s完成%s%s", name, number(value), unit)
	if t.Status == plan.StatusAchieved {
		return s + fmt.Sprintf("，已完成%s目标%s%s", deadline, number(target), unit)
	}
	if t.Completion != nil {
		s += fmt.Sprintf("，完成%s目标（%s%s）的%s", deadline, number(target), unit, pctText(*t.Completion))
		if t.GapPoints != nil && t.TimeProgress != nil && *t.TimeProgress < 100 {
			s += "，" + gapZh(*t.GapPoints)
		}
	}
	return s
}

// taskSentence: "12项重点任务已销号3项，逾期2项".
func taskSentence(tasks []plan.TaskProgress, en bool) string {
	if len(tasks) == 0 {
		return ""
	}
	done, overdue := 0, 0
	for _, t := range tasks {
		switch t.Status {
		case plan.StatusDone:
			done++
		case plan.StatusOverdue:
			overdue++
		}
	}
	if en {
		s := fmt.Sprintf("%d of %d key tasks are signed off", done, len(tasks))
		if overdue > 0 {
			s += fmt.Sprintf(" and %d are overdue", overdue)
		}
		return s
	}
	s := fmt.Sprintf("%d项重点任务已销号%d项", len(tasks), done)
	if done == 0 {
		s = fmt.Sprintf("%d项重点任务均在推进中", len(tasks))
	}
	if overdue > 0 {
		s += fmt.Sprintf("，逾期%d项", overdue)
	}
	return s
}

func gapZh(gap float64) string {
	switch r := math.Round(gap*10) / 10; {
	case r > 0:
		return "超过时间进度" + points(r) + "个百分点"
	case r < 0:
		return "落后时间进度" + points(-r) + "个百分点"
	}
	return "与时间进度持平"
}

func gapEn(gap float64) string {
	switch r := math.Round(gap*10) / 10; {
	case r > 0:
		return points(r) + " points ahead of time"
	case r < 0:
		return points(-r) + " points behind time"
	}
	return "on time"
}

func pctText(x float64) string { return fmt.Sprintf("%.1f%%", x) }
func points(x float64) string  { return fmt.Sprintf("%.1f", x) }
func number(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

func yi(x float64, en bool) string {
	if en {
		return englishAmount(x, "亿元", 1)
	}
	return fmt.Sprintf("%.1f亿元", x)
}

// englishAmount writes an amount in a Chinese unit (亿元) in the English one (billion yuan),
// as the release's sentences do: 233.5亿元 is 23.35 billion yuan.
func englishAmount(x float64, unit string, decimals int) string {
	u, ok := englishUnits[unit]
	if !ok {
		return strings.TrimSpace(zoneboard.Indicator{Decimals: decimals}.FormatValue(x) + " " + unit)
	}
	text := strconv.FormatFloat(x*u.factor, 'f', decimals+u.extra, 64)
	if strings.Contains(text, ".") {
		text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	}
	switch u.name {
	case "":
		return text
	case "%":
		return text + "%"
	}
	return text + " " + u.name
}

// roundFigure is the round number bulletins write a total near: 97.6 → 100, 1480 → 1500.
func roundFigure(x float64) float64 {
	if x <= 0 {
		return 0
	}
	step := math.Pow(10, math.Floor(math.Log10(x)))
	if x/step < 3 {
		step /= 2 // 14.6 → 15, not 10
	}
	return math.Round(x/step) * step
}

// approxZh writes a total investment as bulletins do: "近100亿元" just below a round figure,
// "超100亿元" just above it, the figure itself otherwise.
func approxZh(x float64) string {
	r := roundFigure(x)
	switch {
	case r > 0 && x < r && x >= r*0.95:
		return "近" + number(r) + "亿元"
	case r > 0 && x > r && x <= r*1.05:
		return "超" + number(r) + "亿元"
	}
	return number(x) + "亿元"
}

func approxEn(x float64) string {
	r := roundFigure(x)
	switch {
	case r > 0 && x < r && x >= r*0.95:
		return "nearly " + englishAmount(r, "亿元", 1)
	case r > 0 && x > r && x <= r*1.05:
		return "over " + englishAmount(r, "亿元", 1)
	}
	return englishAmount(x, "亿元", 1)
}

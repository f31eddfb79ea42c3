package brief

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"zoneboard"
	"zoneboard/period"
)

// Masthead is how the issuing office prints the bulletin around the briefing, after GB/T
// 9704-2012: the bulletin's name in red in the head (版头), the issue number (第N期), the
// office and the date, and the closing lines (版记) naming who receives it: 报 (submitted to the
// superiors), 送 (sent to the leaders), 发 (issued to the departments).
type Masthead struct {
	Name   string `yaml:"name"`
	NameEn string `yaml:"name_en"`
	// Issue is the issue number; 0 means the month the period ends in, as a monthly bulletin
	// is numbered.
	Issue    int    `yaml:"issue"`
	Issuer   string `yaml:"issuer"`
	IssuerEn string `yaml:"issuer_en"`
	// Date is the issue's date; unset means the day the bulletin is written.
	Date       Day      `yaml:"date"`
	ReportTo   []string `yaml:"report_to"`
	ReportToEn []string `yaml:"report_to_en"`
	SendTo     []string `yaml:"send_to"`
	SendToEn   []string `yaml:"send_to_en"`
	IssueTo    []string `yaml:"issue_to"`
	IssueToEn  []string `yaml:"issue_to_en"`
}

// Day is a calendar day, written 2020-04-20 or 2020年4月20日; the zero Day is unset.
type Day struct{ time.Time }

// UnmarshalYAML reads a day, so that a misspelt date is refused with the template.
func (d *Day) UnmarshalYAML(n *yaml.Node) error {
	day, err := ParseDay(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	d.Time = day
	return nil
}

// ParseDay reads a day written 2020-04-20 or 2020年4月20日; "" is the zero time.
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", "2006年1月2日"} {
		if day, err := time.Parse(layout, s); err == nil {
			return day, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: write a day as 2020-04-20 or 2020年4月20日", s)
}

// Edition is what the one issuing a bulletin sets of it over the template: its number and its
// date; zero values leave them to the template and the defaults.
type Edition struct {
	Issue int
	Date  time.Time
}

// Bulletin is a briefing as the office issues it: the briefing with its masthead, closing
// lines and the columns of its table named as the web page names them.
type Bulletin struct {
	*Briefing
	Name   string
	Issue  int
	Issuer string
	Date   time.Time
	// Closing holds the lines of the 版记 that have recipients, in the order 报, 送, 发.
	Closing []Recipients
	// Columns name the table's columns, the reference named as in the sentences (全市增长).
	Columns []string
}

// Recipients is one closing line: 报：市委、市政府领导，市统计局。
type Recipients struct {
	Label string
	Names []string
}

// Line is the closing line as printed.
func (r Recipients) Line(lang string) string {
	if lang == English {
		return r.Label + ": " + strings.Join(r.Names, "; ") + "."
	}
	return r.Label + "：" + strings.Join(r.Names, "，") + "。"
}

// Bulletin writes the briefing of req following tpl (nil: the default template) and sets it
// in the office's masthead.
func (w *Writer) Bulletin(ctx context.Context, tpl *Template, req Request, ed Edition) (*Bulletin, error) {
	if tpl == nil {
		tpl = DefaultTemplate()
	}
	b, err := w.Write(ctx, tpl, req)
	if err != nil {
		return nil, err
	}
	return NewBulletin(b, tpl, w.referenceName(ctx, tpl, b, req.Ref), ed), nil
}

// referenceName names the reference as the table's columns print it (全市, the city): the
// template's name, else from the kind of the reference unit (by default the unit's parent).
func (w *Writer) referenceName(ctx context.Context, tpl *Template, b *Briefing, ref string) string {
	if b.Lang == English && tpl.RefNameEn != "" {
		return tpl.RefNameEn
	}
	if b.Lang != English && tpl.RefName != "" {
		return tpl.RefName
	}
	units, err := w.Units.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return ""
	}
	if ref == "" {
		for _, u := range units {
			if u.Code == b.Unit {
				ref = u.Parent
			}
		}
	}
	for _, u := range units {
		if ref != "" && (u.Code == ref || u.Name == ref) {
			if b.Lang == English {
				return englishWhole(u)
			}
			return chineseWhole(u)
		}
	}
	return ""
}

// NewBulletin sets a briefing in the masthead of tpl (nil: the default template); refName
// names the reference in the table's columns ("": 上级, the reference).
func NewBulletin(b *Briefing, tpl *Template, refName string, ed Edition) *Bulletin {
	if tpl == nil {
		tpl = DefaultTemplate()
	}
	m := tpl.Masthead
	en := b.Lang == English
	pick := func(zh, english, fallbackZh, fallbackEn string) string {
		if en {
			if english != "" {
				return english
			}
			return fallbackEn
		}
		if zh != "" {
			return zh
		}
		return fallbackZh
	}
	bu := &Bulletin{Briefing: b}
	bu.Name = pick(m.Name, m.NameEn, "经济运行简报", "Economic Bulletin")
	bu.Issuer = strings.ReplaceAll(pick(m.Issuer, m.IssuerEn, "{unit}统计局", "Statistics Office of {unit}"), "{unit}", b.UnitName)
	bu.Issue = ed.Issue
	if bu.Issue <= 0 {
		bu.Issue = m.Issue
	}
	if bu.Issue <= 0 {
		bu.Issue = 1
		if p, err := period.Parse(b.Period); err == nil {
			bu.Issue = p.Last
		}
	}
	bu.Date = ed.Date
	if bu.Date.IsZero() {
		bu.Date = m.Date.Time
	}
	if bu.Date.IsZero() {
		bu.Date = time.Now()
	}
	for _, line := range []struct {
		zh, en      string
		names, enNs []string
	}{
		{"报", "Submitted to", m.ReportTo, m.ReportToEn},
		{"送", "Copied to", m.SendTo, m.SendToEn},
		{"发", "Issued to", m.IssueTo, m.IssueToEn},
	} {
		label, names := line.zh, line.names
		if en {
			label, names = line.en, line.enNs
		}
		if len(names) > 0 {
			bu.Closing = append(bu.Closing, Recipients{Label: label, Names: names})
		}
	}
	bu.Columns = columnNames(b.Lang, refName)
	return bu
}

// columnNames are the table's columns as the web page names them.
func columnNames(lang, refName string) []string {
	if refName == "" {
		return TableHeader(lang)
	}
	if lang == English {
		cols := []string{"Indicator", "Unit", "Value", "Growth (%)", refName + " growth (%)", "Share of " + refName + " (%)", "Rank by size", "Rank by growth"}
		r := []rune(cols[4])
		r[0] = unicode.ToUpper(r[0])
		cols[4] = string(r)
		return cols
	}
	return []string{"指标", "计量单位", "本期", "增长(%)", refName + "增长(%)", "占" + refName + "(%)", "总量位次", "增速位次"}
}

// IssueLine is the issue number as printed under the name: 第3期, No. 3.
func (b *Bulletin) IssueLine() string {
	if b.Lang == English {
		return fmt.Sprintf("No. %d", b.Issue)
	}
	return fmt.Sprintf("第%d期", b.Issue)
}

// DateLine is the date as official documents write it: 2020年4月20日, 20 April 2020.
func (b *Bulletin) DateLine() string {
	if b.Lang == English {
		return b.Date.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", b.Date.Year(), int(b.Date.Month()), b.Date.Day())
}

// sectionHeading numbers a section as official documents number their first-level headings
// (一、工业生产); English headings are not numbered.
func (b *Bulletin) sectionHeading(i int, title string) string {
	if b.Lang == English {
		return title
	}
	return chineseNumeral(i+1) + "、" + title
}

func chineseNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	case n < 100:
		return digits[n/10] + "十" + digits[n%10]
	}
	return fmt.Sprint(n)
}

// Render writes the bulletin in a format; text and Markdown are the briefing's.
func (b *Bulletin) Render(format string) ([]byte, error) {
	switch format {
	case FormatHTML:
		return []byte(b.HTML()), nil
	case FormatDOCX:
		return b.DOCX()
	}
	return b.Briefing.Render(format)
}

package ingest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"zoneboard"
	"zoneboard/period"
)

// The key-project ledger (重点项目投资台账): a title such as 2020年济南高新区重点项目投资台账（单位：亿元）,
// then a header with the project's columns and one column per month (1月 … 12月, or 2020-01 …)
// holding the investment completed in that month, and one row per project.

// monthColumn is a ledger column of one month's completed investment; year is 0 unless the
// header names it (2020-01).
type monthColumn struct {
	index, year, month int
}

// ledgerRow is one project of a ledger with its monthly figures.
type ledgerRow struct {
	planRow
	// project holds the fields the row gives; its code is empty unless a 项目编号 column gives it.
	project zoneboard.Project
	// given lists the project columns whose cells are filled: only those change a project
	// that is stored or defined by a projects file.
	given  []string
	months []ledgerMonth
}

type ledgerMonth struct {
	month     string
	completed *float64
	column    int
}

var (
	monthOnly     = regexp.MustCompile(`^(\d{1,2})月份?(完成(投资)?)?$`)
	monthChinese  = regexp.MustCompile(`^([一二三四五六七八九十]{1,3})月份?(完成(投资)?)?$`)
	yearAndMonth  = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})月?(完成(投资)?)?$`)
	chineseNumber = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
)

// monthHeader reads a ledger's month header: 1月, 一月, 2020-01, 2020年1月, or the serial
// number of a date cell that Excel made of a typed 2020-01.
func monthHeader(text string) (year, month int, ok bool) {
	n := normalizeHeader(text)
	switch {
	case monthOnly.MatchString(n):
		month, _ = strconv.Atoi(monthOnly.FindStringSubmatch(n)[1])
	case monthChinese.MatchString(n):
		month = chineseNumber[monthChinese.FindStringSubmatch(n)[1]]
	case yearAndMonth.MatchString(n):
		m := yearAndMonth.FindStringSubmatch(n)
		year, _ = strconv.Atoi(m[1])
		month, _ = strconv.Atoi(m[2])
	default:
		if day := excelDate(n); day != n {
			year, _ = strconv.Atoi(day[:4])
			month, _ = strconv.Atoi(day[5:7])
		}
	}
	if month < 1 || month > 12 || (year != 0 && (year < period.MinYear || year > period.MaxYear)) {
		return 0, 0, false
	}
	return year, month, true
}

var (
	yearWithCharacter = regexp.MustCompile(`(\d{4})\s*年`)
	yearAlone         = regexp.MustCompile(`(?:^|\D)(\d{4})(?:\D|$)`)
)

// yearIn finds a year in a title, a sheet name or a file name: 2020年… first, else 2020 alone.
func yearIn(text string) int {
	for _, re := range []*regexp.Regexp{yearWithCharacter, yearAlone} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if y, err := strconv.Atoi(m[1]); err == nil && y >= period.MinYear && y <= period.MaxYear {
				return y
			}
		}
	}
	return 0
}

// ledgerYear finds the year of a ledger: from month headers that name it, else the title above
// the header, else the sheet name, else the file name; 0 when none does.
func ledgerYear(from *origin, h int, hd *header, ps *problems) int {
	years := map[int]bool{}
	seen := map[[2]int]int{}
	for _, m := range hd.months {
		if m.year != 0 {
			years[m.year] = true
		}
		key := [2]int{m.year, m.month}
		if prev, dup := seen[key]; dup {
			ps.add(from.at(h, m.index), "ledger.month_repeated", "column", from.at(h, prev).ColumnLetter())
		}
		seen[key] = m.index
	}
	if len(years) > 1 {
		ps.add(from.at(h, -1), "ledger.several_years")
	}
	for y := range years {
		return y
	}
	var candidates []string
	for r := 0; r < h; r++ {
		candidates = append(candidates, strings.Join(from.t.rows[r], " "))
	}
	candidates = append(candidates, from.t.sheet, strings.TrimSuffix(from.t.file, filepath.Ext(from.t.file)))
	for _, text := range candidates {
		if y := yearIn(text); y != 0 {
			return y
		}
	}
	return 0
}

// readLedger reads a ledger's rows below header row h.
func (p *parsed) readLedger(from *origin, h int, hd *header, divisors map[string]float64, ps *problems) {
	t := from.t
	year := ledgerYear(from, h, hd, ps)
	noYearReported := false
	for r := h + 1; r < len(t.rows); r++ {
		row := t.rows[r]
		if blank(row) {
			continue
		}
		c := &planCells{planRow: planRow{from: from, row: r, index: hd.index}, cells: row, plan: &p.plan, ps: ps,
			workbook: t.sheet != "", divisors: divisors}
		if ledgerHeading(c, hd) {
			continue
		}
		p.rows[t.file]++
		l := &ledgerRow{planRow: c.planRow}
		l.project = readProjectFields(c)
		if l.project.Name == "" {
			c.problem("project_name", "ledger.project_name_empty")
		}
		if c.text("project") != "" {
			l.project.Code = c.code("project", "project")
		}
		projectRefs(c, &l.project)
		for _, col := range projectColumns {
			if c.text(col.name) != "" && col.name != "project" {
				l.given = append(l.given, col.name)
			}
		}
		rowYear := l.project.Year
		if rowYear == 0 && c.text("year") == "" {
			rowYear = year
			if year == 0 && !noYearReported {
				ps.add(from.at(h, -1), "ledger.no_year")
				noYearReported = true
			}
		}
		l.project.Year = rowYear
		sum := 0.0
		for _, m := range hd.months {
			if cell(row, m.index) == "" {
				continue // a month without a figure is not reported
			}
			v := c.moneyAt(monthKey(m.index), m.index)
			y := rowYear
			if m.year != 0 {
				if rowYear != 0 && c.text("year") != "" && m.year != rowYear {
					c.problem("year", "ledger.year_mismatch", "year", rowYear, "month_year", m.year)
				}
				y = m.year
			}
			if v == nil || y == 0 {
				continue
			}
			sum += *v
			l.months = append(l.months, ledgerMonth{month: fmt.Sprintf("%04d-%02d", y, m.month), completed: v, column: m.index})
		}
		if c.text("cumulative") != "" {
			if total := c.money("cumulative"); total != nil && math.Abs(*total-sum) > 0.05+1e-9 {
				c.problem("cumulative", "ledger.total_mismatch", "total", FormatNumber(rounded(*total)), "sum", FormatNumber(rounded(sum)))
			}
		}
		p.plan.ledger = append(p.plan.ledger, l)
	}
}

func rounded(v float64) *float64 {
	x := math.Round(v*1e4) / 1e4
	return &x
}

// ledgerHeading tells a row that is not a project: a total (合计), a note under the table, or
// a heading such as 一、新开工项目 that fills no cell but the name.
func ledgerHeading(c *planCells, hd *header) bool {
	name := c.text("project_name")
	for _, s := range []string{"合计", "总计", "小计"} {
		if strings.HasPrefix(name, s) {
			return true
		}
	}
	if totalRows[name] {
		return true
	}
	filled := 0
	for i, text := range c.cells {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if i == 0 && (isFootnote(text) && name == "") {
			return true
		}
		if name == "" && (totalRows[text] || text == "小计") {
			return true
		}
		if i != c.col("project_name") && !ignoredHeaders[normalizeHeader(cell(hd.texts, i))] {
			filled++
		}
	}
	// A row that fills nothing but the name (and the 序号) carries no figure of a project.
	return filled == 0
}

// ledgerCode is the code of a project that a ledger without a code column brings in: the
// year and the start of the SHA-1 of the name, the same every time the ledger is imported.
func ledgerCode(year int, name string) string {
	sum := sha1.Sum([]byte(name))
	return fmt.Sprintf("%d-%s", year, hex.EncodeToString(sum[:])[:8])
}

// ledgerTitle is the title a written ledger carries, which also gives its year on import.
func ledgerTitle(year int) string {
	return fmt.Sprintf("%d年重点项目投资台账（单位：亿元）", year)
}

package period

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"zoneboard/msg"
)

// ParseError says why a period could not be read and what forms are accepted.
type ParseError struct {
	Input  string
	Reason msg.Text
}

func (e *ParseError) Error() string { return e.In(msg.English) }

// In says why in the reader's language.
func (e *ParseError) In(lang string) string {
	return msg.New("period.unreadable", "text", msg.Quoted(e.Input), "reason", e.Reason).In(lang)
}

var (
	codeYear     = regexp.MustCompile(`^(\d{4})$`)
	codeHalf     = regexp.MustCompile(`^(\d{4})-?[HhSs](\d+)$`)
	codeQuarter  = regexp.MustCompile(`^(\d{4})-?[Qq](\d+)$`)
	codeMonth    = regexp.MustCompile(`^(\d{4})-[Mm]?(\d{1,2})$`)
	codeCompact  = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	codeSpan     = regexp.MustCompile(`^(\d{4})-(\d{1,2})\.\.(\d{1,2})$`)
	chineseYear  = regexp.MustCompile(`^(\d{4})年(.*)$`)
	chineseSpan  = regexp.MustCompile(`^(\d{1,2})月?[-~—–至到](\d{1,2})月$`)
	chineseMonth = regexp.MustCompile(`^(\d{1,2})月(份)?$`)
	chineseQtr   = regexp.MustCompile(`^第?([一二三四\d]+)季度?$`)
)

var chineseNumerals = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4}

// Parse reads a canonical code (2019, 2020-H1, 2020-Q1, 2020-03, 2020-01..09), a compact
// code (2020Q1, 202003) or a Chinese form (2019年, 2020年一季度, 2020年1-3月, 2020年上半年,
// 2020年前三季度, 2020年3月, 2020年1-2月).
func Parse(s string) (Period, error) {
	in := s
	s = normalize(s)
	if s == "" {
		return Period{}, &ParseError{Input: in, Reason: msg.New("period.empty")}
	}
	fail := func(reason msg.Text) (Period, error) { return Period{}, &ParseError{Input: in, Reason: reason} }
	build := func(year, first, last int) (Period, error) {
		p, err := New(year, first, last)
		if err != nil {
			return fail(msg.FromError(err))
		}
		return p, nil
	}
	if m := codeYear.FindStringSubmatch(s); m != nil {
		return build(atoi(m[1]), 1, 12)
	}
	if m := codeHalf.FindStringSubmatch(s); m != nil {
		switch atoi(m[2]) {
		case 1:
			return build(atoi(m[1]), 1, 6)
		case 2:
			return build(atoi(m[1]), 7, 12)
		}
		return fail(msg.New("period.no_half", "half", m[2]))
	}
	if m := codeQuarter.FindStringSubmatch(s); m != nil {
		q := atoi(m[2])
		if q < 1 || q > 4 {
			return fail(msg.New("period.no_quarter", "quarter", m[2]))
		}
		return build(atoi(m[1]), 3*q-2, 3*q)
	}
	if m := codeSpan.FindStringSubmatch(s); m != nil {
		return build(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := codeMonth.FindStringSubmatch(s); m != nil {
		return build(atoi(m[1]), atoi(m[2]), atoi(m[2]))
	}
	if m := codeCompact.FindStringSubmatch(s); m != nil {
		return build(atoi(m[1]), atoi(m[2]), atoi(m[2]))
	}
	if m := chineseYear.FindStringSubmatch(s); m != nil {
		return parseChineseRest(in, atoi(m[1]), m[2])
	}
	return fail(msg.New("period.not_period"))
}

func parseChineseRest(in string, year int, rest string) (Period, error) {
	fail := func(reason msg.Text) (Period, error) { return Period{}, &ParseError{Input: in, Reason: reason} }
	build := func(first, last int) (Period, error) {
		p, err := New(year, first, last)
		if err != nil {
			return fail(msg.FromError(err))
		}
		return p, nil
	}
	rest = strings.TrimPrefix(rest, "度") // 2020年度
	switch rest {
	case "", "全年", "年度":
		return build(1, 12)
	case "上半年", "前两季度", "前二季度":
		return build(1, 6)
	case "下半年":
		return build(7, 12)
	case "前三季度":
		return build(1, 9)
	}
	if m := chineseSpan.FindStringSubmatch(rest); m != nil {
		return build(atoi(m[1]), atoi(m[2]))
	}
	if m := chineseMonth.FindStringSubmatch(rest); m != nil {
		return build(atoi(m[1]), atoi(m[1]))
	}
	if m := chineseQtr.FindStringSubmatch(rest); m != nil {
		q, ok := chineseNumerals[m[1]]
		if !ok {
			q = atoi(m[1])
		}
		if q < 1 || q > 4 {
			return fail(msg.New("period.no_quarter", "quarter", m[1]))
		}
		return build(3*q-2, 3*q)
	}
	return fail(msg.New("period.bad_rest", "text", msg.Quoted(rest)))
}

// MustParse is Parse for literals in tests and tables; it panics on a bad code.
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// normalize folds full-width digits and letters to ASCII and drops spaces, as spreadsheets
// typed on Chinese keyboards carry both.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - '０' + '0')
		case r == '－':
			b.WriteRune('-')
		case unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// Package period parses, formats and relates the spans of months that statistics are published for.
//
// A period is a span of months inside one calendar year: a month, a quarter, a half, a
// year-to-date span such as January to September, or any other run of months. It knows
// nothing of indicators or stores.
package period

import (
	"fmt"
	"strconv"

	"zoneboard/msg"
)

// Period is the span of months First..Last (1-12, inclusive) of Year.
type Period struct {
	Year  int
	First int
	Last  int
}

// MinYear and MaxYear bound the years a period may name; they catch typos such as 202 or 20200.
const (
	MinYear = 1900
	MaxYear = 2200
)

// New returns the period First..Last of year, or an error when the span is not inside one year.
func New(year, first, last int) (Period, error) {
	p := Period{Year: year, First: first, Last: last}
	if err := p.validate(); err != nil {
		return Period{}, err
	}
	return p, nil
}

// Year returns the whole calendar year.
func Year(year int) Period { return Period{Year: year, First: 1, Last: 12} }

// Month returns the single month m of year.
func Month(year, m int) Period { return Period{Year: year, First: m, Last: m} }

// YearToDate returns January to month last of year, the span of a cumulative value.
func YearToDate(year, last int) Period { return Period{Year: year, First: 1, Last: last} }

func (p Period) validate() error {
	if p.Year < MinYear || p.Year > MaxYear {
		return msg.New("period.year_range", "year", p.Year, "min", MinYear, "max", MaxYear)
	}
	if p.First < 1 || p.First > 12 {
		return msg.New("period.month_range", "month", p.First)
	}
	if p.Last < 1 || p.Last > 12 {
		return msg.New("period.month_range", "month", p.Last)
	}
	if p.First > p.Last {
		return msg.New("period.backwards", "first", p.First, "last", p.Last)
	}
	return nil
}

// IsZero reports whether p is the zero Period (no period).
func (p Period) IsZero() bool { return p == Period{} }

// Months is the number of months the period spans.
func (p Period) Months() int { return p.Last - p.First + 1 }

// IsYearToDate reports whether the period starts in January, as cumulative values do.
func (p Period) IsYearToDate() bool { return p.First == 1 }

// IsYear reports whether the period is the whole year.
func (p Period) IsYear() bool { return p.First == 1 && p.Last == 12 }

// Contains reports whether every month of q lies inside p.
func (p Period) Contains(q Period) bool {
	return p.Year == q.Year && p.First <= q.First && q.Last <= p.Last
}

// SameSpanLastYear is the period of the comparison behind year-on-year growth (同比).
func (p Period) SameSpanLastYear() Period {
	return Period{Year: p.Year - 1, First: p.First, Last: p.Last}
}

// Before orders periods by year, then end month, then start month (longer spans first).
func (p Period) Before(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	if p.Last != q.Last {
		return p.Last < q.Last
	}
	return p.First < q.First
}

// PreviousCumulative is the year-to-date period published just before p, stepMonths earlier
// (1 for a monthly series, 3 for a quarterly one). A series whose January is published only
// together with February (1-2月) has no January-only period, so the span before January to
// March is January to February and January to February has none. ok is false when p is not
// year-to-date or is the first period of its year.
func (p Period) PreviousCumulative(stepMonths int, januaryAlone bool) (prev Period, ok bool) {
	if !p.IsYearToDate() || stepMonths < 1 {
		return Period{}, false
	}
	last := p.Last - stepMonths
	if !januaryAlone && stepMonths == 1 {
		if p.Last <= 2 {
			return Period{}, false
		}
		if last < 2 {
			last = 2
		}
	}
	if last < 1 {
		return Period{}, false
	}
	return YearToDate(p.Year, last), true
}

// Code is the canonical code: 2019, 2020-H1, 2020-Q3, 2020-03, or 2020-01..09 for other spans.
func (p Period) Code() string {
	y := strconv.Itoa(p.Year)
	switch {
	case p.First == 1 && p.Last == 12:
		return y
	case p.First == 1 && p.Last == 6:
		return y + "-H1"
	case p.First == 7 && p.Last == 12:
		return y + "-H2"
	case p.Months() == 3 && (p.First-1)%3 == 0:
		return y + "-Q" + strconv.Itoa((p.First+2)/3)
	case p.First == p.Last:
		return fmt.Sprintf("%s-%02d", y, p.First)
	default:
		return fmt.Sprintf("%s-%02d..%02d", y, p.First, p.Last)
	}
}

// String returns the canonical code.
func (p Period) String() string { return p.Code() }

// Chinese is the form a Chinese bulletin prints: 2019年, 2020年一季度, 2020年上半年,
// 2020年前三季度, 2020年1-2月, 2020年3月.
func (p Period) Chinese() string {
	y := strconv.Itoa(p.Year) + "年"
	quarters := []string{"", "一", "二", "三", "四"}
	switch {
	case p.IsYear():
		return y
	case p.First == 1 && p.Last == 6:
		return y + "上半年"
	case p.First == 7 && p.Last == 12:
		return y + "下半年"
	case p.First == 1 && p.Last == 9:
		return y + "前三季度"
	case p.Months() == 3 && (p.First-1)%3 == 0:
		return y + quarters[(p.First+2)/3] + "季度"
	case p.First == p.Last:
		return fmt.Sprintf("%s%d月", y, p.First)
	default:
		return fmt.Sprintf("%s%d-%d月", y, p.First, p.Last)
	}
}

// English is the form an English release prints: 2019, Q1 2020, H1 2020, January-September 2020.
func (p Period) English() string {
	y := strconv.Itoa(p.Year)
	switch {
	case p.IsYear():
		return y
	case p.First == 1 && p.Last == 6:
		return "H1 " + y
	case p.First == 7 && p.Last == 12:
		return "H2 " + y
	case p.Months() == 3 && (p.First-1)%3 == 0:
		return fmt.Sprintf("Q%d %s", (p.First+2)/3, y)
	case p.First == p.Last:
		return monthNames[p.First] + " " + y
	default:
		return monthNames[p.First] + "-" + monthNames[p.Last] + " " + y
	}
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// MarshalText writes the canonical code, so periods read as codes in JSON; no period is "".
func (p Period) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return nil, nil
	}
	return []byte(p.Code()), nil
}

// UnmarshalText parses any accepted form; "" is no period.
func (p *Period) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = Period{}
		return nil
	}
	q, err := Parse(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// In is the period as a reader of lang writes it: the Chinese form, or the canonical code.
func (p Period) In(lang string) string {
	if msg.Normalize(lang) == msg.English {
		return p.Code()
	}
	return p.Chinese()
}

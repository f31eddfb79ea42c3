package zoneboard

import (
	"context"
	"time"
)

// Frequency is how often an indicator is published.
type Frequency string

const (
	Monthly   Frequency = "month"
	Quarterly Frequency = "quarter"
	Yearly    Frequency = "year"
)

// StepMonths is the number of months between two publications.
func (f Frequency) StepMonths() int {
	switch f {
	case Quarterly:
		return 3
	case Yearly:
		return 12
	}
	return 1
}

// Price bases: growth of a real indicator is at comparable prices and can never be computed
// from its levels, which are at current prices.
const (
	Nominal = "nominal"
	Real    = "real"
)

// Aggregation of an indicator over units or months.
const (
	AggregateSum  = "sum"
	AggregateNone = "none"
)

// Directions in which an indicator is better.
const (
	BetterUp   = "up"
	BetterDown = "down"
)

// Indicator is a statistic published for units and periods, with the conventions it is
// published under.
type Indicator struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	// Unit of measure as printed, e.g. 亿元, 万美元, 家, %.
	Unit      string    `json:"unit"`
	Frequency Frequency `json:"frequency"`
	// Cumulative values are published year to date (1-N月累计).
	Cumulative bool   `json:"cumulative"`
	PriceBasis string `json:"price_basis"`
	Aggregate  string `json:"aggregate"`
	Better     string `json:"better"`
	Decimals   int    `json:"decimals"`
	// JanuaryAlone is false for series whose January is published only together with February
	// (1-2月), because the Spring Festival moves between the two months.
	JanuaryAlone bool `json:"january_alone"`
	// AllowNegative is true for indicators such as profit that can fall below zero.
	AllowNegative bool `json:"allow_negative"`
	// Stock indicators (listed firms, population) are measured at the end of a period: the
	// value of a quarter is the value at its last month, never a sum of months.
	Stock bool `json:"stock"`
	// Formula makes a derived indicator, computed from other indicators of the same unit and
	// period (gdp * 10000 / population); empty for published ones.
	Formula string `json:"formula"`
	// Order places the indicator in lists (smaller first; then by code).
	Order     int       `json:"order"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// SameContent reports whether i and j are defined alike, ignoring who wrote them and when.
func (i Indicator) SameContent(j Indicator) bool {
	i.UpdatedBy, i.UpdatedAt, j.UpdatedBy, j.UpdatedAt = "", time.Time{}, "", time.Time{}
	return i == j
}

// IndicatorFilter selects indicators; an empty filter selects all.
type IndicatorFilter struct {
	Codes []string
}

// IndicatorService reads indicators.
type IndicatorService interface {
	FindIndicators(ctx context.Context, filter IndicatorFilter) ([]Indicator, error)
}

package zoneboard

import (
	"context"

	"zoneboard/period"
)

// Figures is an observation's value and growth without its annotations, NaN where not
// published: the compact form in which the engine reads millions of observations.
type Figures struct {
	Unit      string
	Indicator string
	Period    period.Period
	Value     float64
	Growth    float64
	// Deleted says the observation was deleted; Value and Growth are then NaN.
	Deleted bool
}

// ChangePoint is where a store's change sequence stands.
type ChangePoint struct {
	// Latest is the newest change.
	Latest int64
	// Definitions is the newest change that wrote units, indicators or groups: a reader that
	// has seen it need not read the definitions again.
	Definitions int64
}

// FigureReader is what the comparison engine reads: the definitions, and the figures written
// after a point in the store's change sequence, so that it can keep its view current without
// reading everything again.
type FigureReader interface {
	UnitService
	GroupService
	IndicatorService
	// LatestChange is the newest point of the change sequence, which moves on every write,
	// and the newest change that touched units, indicators or groups.
	LatestChange(ctx context.Context) (ChangePoint, error)
	// ScanFigures calls fn with every observation written after change `after` (0: all of
	// them), and with each one deleted since, and returns the change the scan reached, from
	// one consistent snapshot.
	ScanFigures(ctx context.Context, after int64, fn func(Figures) error) (through int64, err error)
}

package synthetic

import (
	"context"
	"sync"

	"zoneboard"
)

// Source serves a shape as a read-only store that generates its figures on every full scan,
// so that the engine can be measured at ten million observations without a database holding
// them. Write adds a figure to its change sequence.
type Source struct {
	Shape
	mu      sync.Mutex
	changes []zoneboard.Figures
}

var _ zoneboard.FigureReader = (*Source)(nil)

func (s *Source) FindUnits(ctx context.Context, filter zoneboard.UnitFilter) ([]zoneboard.Unit, error) {
	return s.UnitList(), nil
}

func (s *Source) FindIndicators(ctx context.Context, filter zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error) {
	return s.IndicatorList(), nil
}

func (s *Source) FindGroups(ctx context.Context) ([]zoneboard.Group, error) { return s.Groups(), nil }

// LatestChange counts the writes; the generated figures and definitions are change 0.
func (s *Source) LatestChange(ctx context.Context) (zoneboard.ChangePoint, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return zoneboard.ChangePoint{Latest: int64(len(s.changes))}, nil
}

// ScanFigures generates every figure for after 0, then the writes after `after`.
func (s *Source) ScanFigures(ctx context.Context, after int64, fn func(zoneboard.Figures) error) (int64, error) {
	if after == 0 {
		if err := s.Figures(fn); err != nil {
			return 0, err
		}
	}
	s.mu.Lock()
	changes := s.changes[after:]
	through := int64(len(s.changes))
	s.mu.Unlock()
	for _, f := range changes {
		if err := fn(f); err != nil {
			return 0, err
		}
	}
	return through, nil
}

// Write records a changed figure.
func (s *Source) Write(f zoneboard.Figures) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changes = append(s.changes, f)
}

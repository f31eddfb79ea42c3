package engine

import (
	"context"
	"slices"

	"zoneboard"
)

// The engine holds the definitions it compares by, current to the store's latest change, so
// it answers for them too: a briefing or a dashboard reads them from memory, not the database.

// FindUnits returns the units, ordered by code.
func (e *Engine) FindUnits(ctx context.Context, filter zoneboard.UnitFilter) ([]zoneboard.Unit, error) {
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	var out []zoneboard.Unit
	for _, u := range e.v.units {
		if u.Code == "" {
			continue // a code the view has seen whose unit is gone
		}
		if len(filter.Codes) > 0 && !slices.Contains(filter.Codes, u.Code) {
			continue
		}
		if filter.Parent != "" && u.Parent != filter.Parent {
			continue
		}
		out = append(out, u.Unit)
	}
	slices.SortFunc(out, func(a, b zoneboard.Unit) int { return compareStrings(a.Code, b.Code) })
	return out, nil
}

// FindIndicators returns the indicators, ordered by code.
func (e *Engine) FindIndicators(ctx context.Context, filter zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error) {
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	var out []zoneboard.Indicator
	for _, ind := range e.v.indicators {
		if ind.Code == "" || (len(filter.Codes) > 0 && !slices.Contains(filter.Codes, ind.Code)) {
			continue
		}
		out = append(out, ind.Indicator)
	}
	slices.SortFunc(out, func(a, b zoneboard.Indicator) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return compareStrings(a.Code, b.Code)
	})
	return out, nil
}

// FindGroups returns the peer groups, ordered by code.
func (e *Engine) FindGroups(ctx context.Context) ([]zoneboard.Group, error) {
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]zoneboard.Group, 0, len(e.v.groups))
	for code, members := range e.v.groups {
		g := zoneboard.Group{Code: code, Name: e.v.groupNames[code]}
		for _, m := range members {
			g.Members = append(g.Members, e.v.units[m].Code)
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b zoneboard.Group) int { return compareStrings(a.Code, b.Code) })
	return out, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

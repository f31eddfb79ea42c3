package api

import (
	"net/http"

	"zoneboard"
)

// visible is the unit filter of the caller's scope for the engine; nil for a caller who sees
// every unit.
func visible(r *http.Request) func(string) bool {
	a := accessOf(r)
	if a.AllUnits() {
		return nil
	}
	return a.Sees
}

// scopeUnits applies the caller's scope to the units a request names: none named means every
// unit of the scope, and a unit outside it is refused.
func scopeUnits(r *http.Request, asked []string) ([]string, error) {
	a := accessOf(r)
	if a.AllUnits() {
		return asked, nil
	}
	for _, code := range asked {
		if err := a.RequireUnit(code); err != nil {
			return nil, err
		}
	}
	if len(asked) > 0 {
		return asked, nil
	}
	scope := a.ScopeUnits()
	if len(scope) == 0 {
		// An empty list would mean every unit to the store.
		return nil, zoneboard.Fail(zoneboard.EForbidden, "api.empty_scope")
	}
	return scope, nil
}

// unitsNamed lists the codes of the units a reference names: by code, Chinese or English name,
// as the engine reads them.
func unitsNamed(units []zoneboard.Unit, ref string) []string {
	var codes []string
	for _, u := range units {
		if u.Code == ref || u.Name == ref || u.NameEn == ref {
			codes = append(codes, u.Code)
		}
	}
	return codes
}

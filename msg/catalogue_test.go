package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestEveryEntryHasChineseAndEnglishWithTheSamePlaceholders(t *testing.T) {
	for id, e := range catalogue {
		if strings.TrimSpace(e.zh) == "" || strings.TrimSpace(e.en) == "" {
			t.Errorf("%s: zh %q, en %q: both texts are needed", id, e.zh, e.en)
		}
		zh, en := Placeholders(e.zh), Placeholders(e.en)
		sort.Strings(zh)
		sort.Strings(en)
		if !slices.Equal(zh, en) {
			t.Errorf("%s: the Chinese text has the placeholders %v, the English %v", id, zh, en)
		}
	}
}

// idArgument says where a function that takes a message takes its id: the index of the id
// among the call's arguments; the name, value pairs follow it.
var idArgument = map[string]int{
	"msg.New":        0,
	"zoneboard.Fail": 1,
	"Fail":           1,
	"add":            1, // ingest's problems.add(at, id, ...)
	"problem":        1, // ingest's planCells.problem(column, id, ...)
	"badUsage":       0, // the command line's usage errors
	"say":            1, // the command line's reports: m.say(w, id, ...)
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

type use struct {
	where string
	keys  []string // nil when the arguments are not literal name, value pairs
}

// scanSources reads every non-test Go file of the module and returns the ids its calls use
// and every string literal it holds.
func scanSources(t *testing.T) (map[string][]use, map[string]bool) {
	t.Helper()
	uses := map[string][]use{}
	literals := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "ui" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING {
					literals[s] = true
				}
			case *ast.CallExpr:
				name := ""
				switch f := n.Fun.(type) {
				case *ast.Ident:
					name = f.Name
				case *ast.SelectorExpr:
					name = f.Sel.Name
					if x, ok := f.X.(*ast.Ident); ok && (x.Name == "msg" || x.Name == "zoneboard") {
						name = x.Name + "." + f.Sel.Name
					}
				}
				at, ok := idArgument[name]
				if !ok || len(n.Args) <= at {
					return true
				}
				lit, ok := n.Args[at].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				id, _ := strconv.Unquote(lit.Value)
				if name == "msg.New" && !idPattern.MatchString(id) && id != "internal" && id != "invalid" {
					t.Errorf("%s: %q is not a message id", fset.Position(n.Pos()), id)
				}
				if !idPattern.MatchString(id) && id != "internal" && id != "invalid" {
					return true
				}
				u := use{where: fset.Position(n.Pos()).String(), keys: []string{}}
				if n.Ellipsis.IsValid() {
					u.keys = nil
				}
				rest := n.Args[at+1:]
				for i := 0; u.keys != nil && i < len(rest); i += 2 {
					key, ok := rest[i].(*ast.BasicLit)
					if !ok || i+1 >= len(rest) {
						u.keys = nil
						break
					}
					k, _ := strconv.Unquote(key.Value)
					u.keys = append(u.keys, k)
				}
				uses[id] = append(uses[id], u)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses, literals
}

func TestEveryMessageTheCodeUsesIsInTheCatalogueWithItsPlaceholders(t *testing.T) {
	uses, _ := scanSources(t)
	if len(uses) < 100 {
		t.Fatalf("found only %d message ids in the sources: the scan is broken", len(uses))
	}
	var missing []string
	for id, list := range uses {
		e, ok := catalogue[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		want := Placeholders(e.en)
		sort.Strings(want)
		for _, u := range list {
			if u.keys == nil {
				continue
			}
			got := slices.Clone(u.keys)
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s is given the arguments %v, but its text has the placeholders %v", u.where, id, got, want)
			}
		}
	}
	sort.Strings(missing)
	for _, id := range missing {
		t.Errorf("%s is used at %s but is not in the catalogue", id, uses[id][0].where)
	}
}

func TestEveryCatalogueEntryIsUsed(t *testing.T) {
	uses, literals := scanSources(t)
	var unused []string
	for id := range catalogue {
		if _, ok := uses[id]; ok {
			continue
		}
		// Nouns are named by their word: msg.Noun("due day") reads noun.due_day.
		if word, ok := strings.CutPrefix(id, "noun."); ok && (literals[word] || literals[strings.ReplaceAll(word, "_", " ")]) {
			continue
		}
		unused = append(unused, id)
	}
	sort.Strings(unused)
	for _, id := range unused {
		t.Errorf("%s is in the catalogue but no code uses it", id)
	}
}

// TestThePackagesAPersonHearsSpeakThroughTheCatalogue keeps English-only errors out of the
// packages whose errors a user meets: the API, sign-in, the importer, the engine, briefings,
// dashboards, the plan's judgement and the command line. The store's checks behind the
// importer's, and its internal failures, may stay English.
func TestThePackagesAPersonHearsSpeakThroughTheCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	for _, dir := range []string{"../api", "../auth", "../ingest", "../engine", "../brief", "../dashboard", "../plan", "../cmd/zoneboard", ".."} {
		files, err := filepath.Glob(dir + "/*.go")
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch f := call.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := f.X.(*ast.Ident); ok && x.Name == "zoneboard" && f.Sel.Name == "Errorf" {
						t.Errorf("%s: zoneboard.Errorf speaks English only; use zoneboard.Fail with a catalogue message", fset.Position(call.Pos()))
					}
				case *ast.Ident:
					if f.Name == "Errorf" && dir == ".." {
						t.Errorf("%s: Errorf speaks English only; use Fail with a catalogue message", fset.Position(call.Pos()))
					}
				}
				return true
			})
		}
	}
}

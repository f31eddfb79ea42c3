package calc

import (
	"math"
	"slices"
	"zoneboard/msg"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Formula computes a derived indicator from other indicators of the same unit and period,
// e.g. gdp * 10000 / population. It may call the registry's functions: share(a, b).
type Formula struct {
	Text string
	// Inputs are the indicator codes the formula reads, sorted.
	Inputs  []string
	program *vm.Program
}

// ParseFormula compiles a formula; known tells which identifiers are indicator codes.
func ParseFormula(text string, known func(code string) bool) (*Formula, error) {
	tree, err := parser.Parse(text)
	if err != nil {
		return nil, msg.New("formula.syntax", "formula", msg.Quoted(text), "error", firstLine(err))
	}
	collect := &identifiers{}
	ast.Walk(&tree.Node, collect)
	f := &Formula{Text: text}
	for _, name := range collect.names {
		if _, isFunction := Functions[name]; isFunction {
			continue
		}
		if !known(name) {
			return nil, msg.New("formula.unknown_name", "formula", msg.Quoted(text), "name", msg.Quoted(name))
		}
		if !slices.Contains(f.Inputs, name) {
			f.Inputs = append(f.Inputs, name)
		}
	}
	slices.Sort(f.Inputs)
	env := formulaEnv(nil, f.Inputs)
	if f.program, err = expr.Compile(text, expr.Env(env), expr.AsFloat64()); err != nil {
		return nil, msg.New("formula.invalid", "formula", msg.Quoted(text), "error", firstLine(err))
	}
	return f, nil
}

// Eval computes the formula; a missing input, a division by zero or a function that does not
// apply makes the result missing.
func (f *Formula) Eval(inputs map[string]float64) float64 {
	for _, name := range f.Inputs {
		if v, ok := inputs[name]; !ok || IsMissing(v) {
			return Missing
		}
	}
	out, err := expr.Run(f.program, formulaEnv(inputs, f.Inputs))
	if err != nil {
		return Missing
	}
	v, ok := out.(float64)
	if !ok || math.IsInf(v, 0) || math.IsNaN(v) {
		return Missing
	}
	return v
}

func formulaEnv(inputs map[string]float64, names []string) map[string]any {
	env := make(map[string]any, len(names)+len(Functions))
	for _, name := range names {
		env[name] = inputs[name]
	}
	for name, fn := range Functions {
		call := fn.Call
		arity := len(fn.Args)
		env[name] = func(args ...float64) float64 {
			if len(args) != arity {
				return Missing
			}
			if v, ok := call(args); ok {
				return v
			}
			return Missing
		}
	}
	return env
}

type identifiers struct{ names []string }

func (v *identifiers) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		v.names = append(v.names, id.Value)
	}
}

func firstLine(err error) string {
	s := err.Error()
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

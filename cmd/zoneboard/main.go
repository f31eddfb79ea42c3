// Command zoneboard is the development zone's statistics and planning system: the CLI, the
// server and the demo. This package only parses flags and wires the concrete parts together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"zoneboard"
	"zoneboard/msg"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Exit(m.Run(ctx, os.Args[1:])))
}

// Main is the program with its environment, so that tests run the real wiring.
type Main struct {
	// Stdin is read by commands that take a secret on standard input; nil reads nothing.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Ready, when set, receives the address a server listens on once it accepts connections.
	Ready func(addr string)
	// lang is the language of messages and briefings: --lang, else $ZONEBOARD_LANG, else zh.
	lang string
}

// NewMain returns a Main on the process's standard streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

func (m *Main) stdin() io.Reader {
	if m.Stdin == nil {
		return strings.NewReader("")
	}
	return m.Stdin
}

// usageError is a command line that does not parse; it exits with status 2.
type usageError struct{ text msg.Text }

func (e *usageError) Error() string { return e.text.In(msg.English) }

// badUsage is a usage error with the catalogue message id and its arguments (name, value pairs).
func badUsage(id string, args ...any) error { return &usageError{msg.New(id, args...)} }

// usagef is a usage error in English only, for what the flag package says.
func usagef(format string, args ...any) error {
	return &usageError{msg.Both{Zh: fmt.Sprintf(format, args...), En: fmt.Sprintf(format, args...)}}
}

const usage = `zoneboard: statistics, comparisons and plans of a development zone

Usage: zoneboard [--lang zh|en] COMMAND ...   (messages in Chinese or English; default $ZONEBOARD_LANG or zh)

  zoneboard demo [--addr 127.0.0.1:8080] [--db PATH] [--load-only] [--password P]
  zoneboard serve [--addr 127.0.0.1:8080] [--behind-proxy] [--db PATH]
  zoneboard user add NAME --role admin|analyst|reporter|viewer [--scope UNIT,...] [--password-stdin]
  zoneboard user list | set | disable | enable | passwd | token | tokens | revoke   (see 'zoneboard user')
  zoneboard plan targets|tasks|projects|tree [--today DAY] [--month 2020-05] [--by unit|industry|level] [--unit U] [--format table|csv|json]
  zoneboard remind [--today DAY] [--within 7] [--unit U] [--webhook URL] [--smtp smtp://HOST:PORT --from ADDR --recipients FILE]
  zoneboard audit [--actor NAME] [--action A] [--unit U] [--from DAY] [--to DAY] [--id N] [--format table|json] | --verify
  zoneboard migrate [--db PATH]
  zoneboard import [--dry-run] [--changes N|all] [--db PATH] FILE...
  zoneboard template [KIND [-o FILE] [--lang zh|en]]   (a blank xlsx of one kind of import file; alone: the kinds)
  zoneboard export [--format csv|xlsx] [--unit U] [--indicator I] [--period P] [-o FILE] [--db PATH]
  zoneboard export --plan [-o plan.xlsx | --format csv -o DIR] | --ledger YEAR [-o ledger.xlsx]
  zoneboard history --unit U --indicator I --period P [--db PATH]
  zoneboard query --indicator I[,I...] --period P[,P...] [--unit U,...|--group G] [--ref R] [--peers G]
                  [--format table|csv|json] [--extra COLUMNS] [--base P] [--total I]
  zoneboard check [--indicator I,...] [--period P,...] [--unit U,...] [--format table|csv|json]
  zoneboard brief --unit U [--period P] [--ref R] [--peers G] [--lang zh|en] [--format text|md|html|docx] [--issue N] [--date DAY]
                  [--template FILE] [-o FILE]
  zoneboard dashboard --unit U [--period P] [--lang zh|en] [--format text|csv|json]
  zoneboard indicators [--catalog] [--format table|csv|json]
  zoneboard bench [--observations N] [--seed S] [--store sqlite|memory] [--clients N] [--duration D]
  zoneboard loadtest --url URL [--clients N] [--duration D]   (this machine only; token in $ZONEBOARD_TOKEN)

The database is --db, else $ZONEBOARD_DB, else zoneboard.db: a file path, sqlite:PATH or a
postgres:// URL. Run 'zoneboard COMMAND --help' for a command's flags.
`

// Run runs one command and returns its error; Exit turns that into the exit status.
func (m *Main) Run(ctx context.Context, args []string) error {
	m.lang = msg.Chinese
	if env := m.getenv("ZONEBOARD_LANG"); env != "" {
		lang, ok := msg.Parse(env)
		if !ok {
			return badUsage("cli.lang_env", "value", msg.Quoted(env))
		}
		m.lang = lang
	}
	// A --lang before the command sets the language for all of it.
	for len(args) > 0 && (args[0] == "--lang" || args[0] == "-lang" || strings.HasPrefix(args[0], "--lang=") || strings.HasPrefix(args[0], "-lang=")) {
		value, given := strings.CutPrefix(strings.TrimLeft(args[0], "-"), "lang=")
		args = args[1:]
		if !given {
			if len(args) == 0 {
				return badUsage("cli.lang_missing")
			}
			value, args = args[0], args[1:]
		}
		if err := m.setLang(value); err != nil {
			return &usageError{text: msg.FromError(err)}
		}
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return badUsage("cli.no_command")
	}
	commands := map[string]func(context.Context, []string) error{
		"demo":       m.runDemo,
		"serve":      m.runServe,
		"migrate":    m.runMigrate,
		"import":     m.runImport,
		"template":   m.runTemplate,
		"export":     m.runExport,
		"history":    m.runHistory,
		"query":      m.runQuery,
		"check":      m.runCheck,
		"bench":      m.runBench,
		"brief":      m.runBrief,
		"dashboard":  m.runDashboard,
		"indicators": m.runIndicators,
		"loadtest":   m.runLoadtest,
		"user":       m.runUser,
		"audit":      m.runAudit,
		"plan":       m.runPlan,
		"remind":     m.runRemind,
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	run, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(m.Stderr, usage)
		return badUsage("cli.unknown_command", "command", msg.Quoted(args[0]))
	}
	return run(ctx, args[1:])
}

// Exit prints err and returns the exit status: 0 on success, 1 for an error the user can
// fix, 2 for a command line that does not parse.
func (m *Main) Exit(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(m.Stderr, "zoneboard:", ue.text.In(m.lang))
		return 2
	}
	// SIGINT or SIGTERM cancels the command's context: every write is one transaction, so
	// what was under way is rolled back.
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(m.Stderr, "zoneboard:", msg.New("cli.interrupted").In(m.lang))
		return 1
	}
	if zoneboard.ErrorCode(err) == zoneboard.EInternal {
		fmt.Fprintln(m.Stderr, "zoneboard:", err)
		return 1
	}
	fmt.Fprintln(m.Stderr, "zoneboard:", zoneboard.ErrorText(err, m.lang))
	return 1
}

// setLang takes the value of --lang.
func (m *Main) setLang(value string) error {
	if value != msg.Chinese && value != msg.English {
		return msg.New("cli.lang", "value", msg.Quoted(value))
	}
	m.lang = value
	return nil
}

func (m *Main) getenv(name string) string {
	if m.Getenv == nil {
		return ""
	}
	return m.Getenv(name)
}

// flags makes a command's flag set, with --db on every command.
func (m *Main) flags(name, synopsis string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: zoneboard %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	db := fs.String("db", "", "database: a file path, sqlite:PATH or a postgres:// URL (default $ZONEBOARD_DB or zoneboard.db)")
	fs.Func("lang", "language of messages (and of briefings): zh or en (default $ZONEBOARD_LANG or zh)", m.setLang)
	return fs, db
}

// parse parses flags anywhere among the arguments, so that 'import a.csv --dry-run' works
// as well as 'import --dry-run a.csv', and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func (m *Main) dsn(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := m.Getenv("ZONEBOARD_DB"); env != "" {
		return env
	}
	return "zoneboard.db"
}

// splitList reads a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// say prints the catalogue message id, with its arguments as name, value pairs, on a line of
// w in the command's language.
func (m *Main) say(w io.Writer, id string, args ...any) {
	fmt.Fprintln(w, msg.New(id, args...).In(m.lang))
}

// cause is what the system said of a failed file operation, without the path the message
// names already.
func cause(err error) string {
	if inner := errors.Unwrap(err); inner != nil {
		return inner.Error()
	}
	return err.Error()
}

// Command flatland is the researcher's command-line interface to the
// simulation core: replica thresholds, local entropies, training runs.
//
// Every command prints a readable table, comma-separated values with -csv
// (a header row; lists become one row per point, as in the table), or one
// JSON object per line with -json. Exit status: 0 success; 1 a solver that failed, naming the point;
// 2 invalid flags or values, or a run whose estimated memory exceeds
// -max-memory, with a one-line message on stderr; 3 an internal error (a
// bug: a one-line message instead of a crash). A number is never printed
// unless the computation producing it converged. The training commands stop
// at -max-seconds wherever they are and print what finished, marked
// cut_short.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one CLI entry point such as "perceptron capacity" or "train".
// Each group of commands registers itself from its own file in init.
type command struct {
	summary string
	run     func(args []string, out *Output) error
}

var commands = map[string]command{}

func register(path, summary string, run func(args []string, out *Output) error) {
	if _, dup := commands[path]; dup {
		panic("flatland: duplicate command " + path)
	}
	commands[path] = command{summary: summary, run: run}
}

// usageError marks bad flags or values: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitSolver   = 1
	exitUsage    = 2
	exitInternal = 3
)

// runMain is main without os.Exit, so tests can call it. A panic becomes a
// one-line message and exit status 3, never a runtime trace.
func runMain(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			msg := strings.ReplaceAll(fmt.Sprint(r), "\n", "; ")
			fmt.Fprintf(stderr, "flatland: internal error: %s; please report it with the command line (flatland %s)\n", msg, strings.Join(args, " "))
			code = exitInternal
		}
	}()
	path, rest := findCommand(args)
	if path == "" {
		if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "help" {
			printUsage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "flatland: unknown command %q (run 'flatland help' for the list)\n", strings.Join(args, " "))
		return exitUsage
	}
	out := &Output{w: stdout}
	err := commands[path].run(rest, out)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintf(stderr, "flatland %s: %s\n", path, msg)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitSolver
}

// findCommand matches the longest registered command path at the start of args.
func findCommand(args []string) (string, []string) {
	for n := min(len(args), 3); n >= 1; n-- {
		path := strings.Join(args[:n], " ")
		if _, ok := commands[path]; ok {
			return path, args[n:]
		}
	}
	return "", nil
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: flatland <command> [flags]   (add -json for JSON lines, -csv for CSV, -h for a command's flags)")
	paths := make([]string, 0, len(commands))
	for p := range commands {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(w, "  %-34s %s\n", p, commands[p].summary)
	}
	fmt.Fprintln(w, "exit status: 0 ok; 1 solver failure (names the point); 2 bad flags or values, or over -max-memory; 3 internal error (please report)")
	fmt.Fprintln(w, "train, sweep, finite-size, flatness, deep: -max-seconds bounds the whole command; what finished is printed, marked cut_short")
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// carries the common -json flag.
func newFlagSet(name string, out *Output) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&out.JSON, "json", false, "print one JSON object per line")
	fs.BoolVar(&out.CSV, "csv", false, "print comma-separated values: a header row, then one row per point")
	return fs
}

// isSet reports whether the boolean flag name is true.
func isSet(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

// parseFlags parses args and turns flag errors and stray arguments into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
			return flag.ErrHelp
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if isSet(fs, "json") && isSet(fs, "csv") {
		return usagef("-json and -csv both given: choose one output format")
	}
	return nil
}

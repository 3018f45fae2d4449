// Command gen computes the transition diagram of the random-features model
// with sim/replica/rf on the stored grid and writes it in the table format
// that rf.StoredDiagram reads (one file per activation and label rule).
//
//	go run ./sim/replica/rf/stored/gen -act sign -labels teacher > sim/replica/rf/stored/sign-teacher.tsv
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"flatland/sim/replica/rf"
	"flatland/sim/stepper"
)

func main() {
	act := flag.String("act", "sign", "activation")
	labels := flag.String("labels", "teacher", "labels")
	n := flag.Int("points", rf.StoredPoints, "alpha_D points on [0.05, 10]")
	flag.Parse()
	a, err := rf.ParseActivation(*act)
	if err != nil {
		fail(err)
	}
	l, err := rf.ParseLabels(*labels)
	if err != nil {
		fail(err)
	}
	d, err := rf.NewDiagram(rf.Model{Act: a, Labels: l}, *n, rf.StoredAlphaDMin, rf.StoredAlphaDMax)
	if err != nil {
		fail(err)
	}
	start := time.Now()
	if err := stepper.Run(context.Background(), d, 50*time.Millisecond); err != nil {
		fail(err)
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "# Transition diagram of the random-features model, %s features, %s labels, computed by sim/replica/rf.\n", *act, *labels)
	fmt.Fprintf(w, "# Written by: go run ./sim/replica/rf/stored/gen -act %s -labels %s   (%.0f s natively)\n", *act, *labels, time.Since(start).Seconds())
	fmt.Fprintf(w, "# alpha_d alpha_c alpha_le   (NaN: not converged; the error follows after #)\n")
	num := func(v float64) string {
		if !(v > 0) {
			return "NaN"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, p := range d.Points() {
		le := p.AlphaLE
		if p.Err != nil {
			le = 0
		}
		fmt.Fprintf(w, "%s %s %s", num(p.AlphaD), num(p.AlphaC), num(le))
		if p.Err != nil {
			fmt.Fprintf(w, "  # %s", strings.ReplaceAll(p.Err.Error(), "\n", " "))
		}
		fmt.Fprintln(w)
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

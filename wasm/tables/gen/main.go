// Command gen precomputes the transition diagram of the random-features model
// with sim/replica/rf (the very code the page runs) and writes one JSON file
// per activation and label rule. The diagram figure draws these points at once
// and recomputes them live in the page; a live point replaces the precomputed
// one and the figure reports their agreement.
//
//	go run ./wasm/tables/gen -act sign -labels teacher > wasm/tables/sign-teacher.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"flatland/sim/replica/rf"
	"flatland/sim/stepper"
)

// Point is one alpha_D; thresholds that failed are null with the error text.
type Point struct {
	AlphaD  float64  `json:"alpha_d"`
	AlphaC  *float64 `json:"alpha_c"`
	AlphaLE *float64 `json:"alpha_le"`
	Err     string   `json:"error,omitempty"`
}

// Table is the file format.
type Table struct {
	Act     string  `json:"act"`
	Labels  string  `json:"labels"`
	Command string  `json:"command"`
	Seconds float64 `json:"seconds"`
	Points  []Point `json:"points"`
}

func main() {
	act := flag.String("act", "sign", "activation")
	labels := flag.String("labels", "teacher", "labels")
	n := flag.Int("points", 24, "alpha_D points on [0.05, 10]")
	flag.Parse()
	a, err := rf.ParseActivation(*act)
	if err != nil {
		fail(err)
	}
	l, err := rf.ParseLabels(*labels)
	if err != nil {
		fail(err)
	}
	d, err := rf.NewDiagram(rf.Model{Act: a, Labels: l}, *n, 0.05, 10)
	if err != nil {
		fail(err)
	}
	start := time.Now()
	if err := stepper.Run(context.Background(), d, 50*time.Millisecond); err != nil {
		fail(err)
	}
	t := Table{Act: *act, Labels: *labels, Seconds: time.Since(start).Seconds(),
		Command: fmt.Sprintf("go run ./wasm/tables/gen -act %s -labels %s -points %d", *act, *labels, *n)}
	for _, p := range d.Points() {
		q := Point{AlphaD: p.AlphaD}
		if p.AlphaC > 0 {
			v := p.AlphaC
			q.AlphaC = &v
		}
		if p.AlphaLE > 0 && p.Err == nil {
			v := p.AlphaLE
			q.AlphaLE = &v
		}
		if p.Err != nil {
			q.Err = p.Err.Error()
		}
		t.Points = append(t.Points, q)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(t); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

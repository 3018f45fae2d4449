package deep

import (
	_ "embed"
	"math"
	"slices"
)

// StoredSweepCommand is the sweep whose results are stored: the default
// sweep of the site's deep figure, on the site's digits (the command's
// subset at -seed 1).
const StoredSweepCommand = "flatland deep -widths 4,16,64,256 -layers 1 -algo sgd,rsgd -train 4000 -test 1000 -epochs 30 -sigmas 0.05,0.1,0.2,0.3,0.5 -draws 4 -replicas 3 -seed 1 -json"

// The stored sweep's training and test images.
const (
	StoredTrain = 4000
	StoredTest  = 1000
)

// storedSweep holds the JSON lines of StoredSweepCommand without their
// wall-clock "seconds" field, as made by
//
//	go run ./sim/cmd/flatland deep -widths 4,16,64,256 -layers 1 -algo sgd,rsgd -train 4000 -test 1000 -epochs 30 -sigmas 0.05,0.1,0.2,0.3,0.5 -draws 4 -replicas 3 -seed 1 -json | sed 's/,"seconds":[0-9.e+-]*//' > sim/deep/stored/default-sweep.jsonl
//
// The sweep takes about 14 s of CPU natively and minutes in a slow
// browser, so the front end draws these at once, marked as stored, while
// it recomputes them live (it reads the lines with the browser's JSON
// parser and compares with SamePrinted). TestDeepStoredSweep
// (sim/cmd/flatland) re-runs the command and requires the same lines byte
// for byte, so the file cannot drift from the code that made it.
//
//go:embed stored/default-sweep.jsonl
var storedSweep string

// StoredSweepJSON is the stored sweep: the command's JSON lines (each
// algorithm over the widths), without "seconds".
func StoredSweepJSON() string { return storedSweep }

// PrintedDecimals is the number of decimals `flatland deep` prints a mean
// of training error fractions with (noisy_train_error, delta_e), given its
// standard error se over draws noise draws of nTrain images: down to se's
// first significant digit (at se = 0, to the resolution of such a mean,
// 1/(2 nTrain draws)); its standard error gets one more.
func PrintedDecimals(se float64, nTrain, draws int) int {
	half := se
	if !(half > 0) {
		half = 1 / float64(2*nTrain*draws)
	}
	if !(half > 0) || math.IsInf(half, 0) {
		return 6
	}
	return max(0, min(int(math.Ceil(-math.Log10(half))), 15))
}

// SamePrinted reports whether live, a network measured again, prints as
// stored, one read from the command's line (nTrain images, draws noise
// draws): the same epochs, interpolation, error counts, errors and losses
// (printed with all their digits), first misclassified test images (live
// may keep more of them), and noisy errors, their standard errors and
// local energies the same at the printed decimals.
func SamePrinted(stored, live *Result, nTrain, draws int) bool {
	k, wrong := len(stored.Sigmas), live.Misclassified[:min(len(live.Misclassified), len(stored.Misclassified))]
	same := live.Epochs == stored.Epochs && live.Interpolated == stored.Interpolated && live.Train == stored.Train && live.Test == stored.Test &&
		slices.Equal(wrong, stored.Misclassified) && slices.Equal(live.Sigmas, stored.Sigmas) &&
		len(live.NoisyError) == k && len(live.NoisyErrorSE) == k && len(live.DeltaE) == k &&
		len(stored.NoisyError) == k && len(stored.NoisyErrorSE) == k && len(stored.DeltaE) == k
	for i := 0; same && i < k; i++ {
		half := 0.5 * math.Pow10(-PrintedDecimals(live.NoisyErrorSE[i], nTrain, draws)) * (1 + 1e-9)
		same = math.Abs(live.NoisyError[i]-stored.NoisyError[i]) <= half && math.Abs(live.DeltaE[i]-stored.DeltaE[i]) <= half &&
			math.Abs(live.NoisyErrorSE[i]-stored.NoisyErrorSE[i]) <= half/10
	}
	return same
}

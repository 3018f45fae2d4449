// Package stepper is the vocabulary for resumable work in Flatland. Every
// long computation (saddle-point curves, threshold searches, training runs,
// landscape maps) is a Stepper: Step does bounded work and returns, Progress
// says how far it got, and the result never depends on how the work was
// sliced. A browser frame calls Step with what is left of its budget; the
// CLI and tests call Run.
//
// The pieces:
//   - Stepper: the contract.
//   - Coroutine: turns a plain sequential computation, which calls a yield
//     checkpoint after every small unit of work, into a Stepper.
//   - Sequence and Weighted: run stages one after another, with progress as
//     a (weighted) sum over the stages; Later builds a stage only when the
//     stages before it are done, so it can use their results.
//   - Job: wraps a Stepper for a caller that steps it blindly every frame;
//     it remembers completion and the first error.
//   - Run: drives a Stepper to completion.
//
// The test helper steppertest.CheckSlicing checks the slicing contract of
// any Stepper.
package stepper

// Package mnist holds handwritten digits in memory and the compact asset
// format the browser loads: a stratified subset of MNIST, downsampled
// (2x2 block means, 28x28 -> 14x14) and quantized to a few bits per pixel.
//
// It reads no files and imports no MNIST loader, so the WebAssembly module
// does not grow: the page fetches the asset bytes and Decode turns them into
// a Set. Building the asset from the original IDX files (the GoMNIST module)
// is the job of sim/mnist/idx and the generator build/cmd/mnistgen.
//
// Asset layout (little-endian):
//
//	"FLMNIST1"                 8-byte magic
//	rows, cols, bits, 0        one byte each; bits is 4 or 8
//	nTrain, nTest              uint32 each
//	labels                     nTrain+nTest bytes, 0..9
//	pixels                     (nTrain+nTest)*rows*cols values of bits bits,
//	                           packed high nibble first when bits = 4
//
// Pixel value v means intensity v/(2^bits - 1) in [0, 1].
package mnist

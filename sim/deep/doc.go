// Package deep trains small fully connected ReLU networks on real digits
// (MNIST, see sim/mnist) and measures the flatness of the minima they reach:
// the realistic-network test of the flat-minima scenario. As networks get
// wider, the minima found by gradient methods get flatter and generalize
// better, and flatness-seeking (replicated, entropic) algorithms find
// flatter minima than plain SGD (Baldassi, Pittorino, Zecchina, "Shaping the
// learning landscape in neural networks around wide flat minima", PNAS 117,
// 161 (2020); Pittorino, Lucibello, Feinauer, Perugini, Baldassi,
// Demyanenko, Zecchina, "Entropic gradient descent algorithms and wide flat
// minima", ICLR 2021).
//
// Network: D inputs in [0, 1], one or two hidden ReLU layers, 10 logits,
// softmax cross-entropy L(w) averaged over a minibatch; He initialization.
// Parameters are float32 in one flat slice; the hot loops are plain Go
// (axpy and dot, unrolled by four), skip zero inputs (background pixels,
// inactive ReLUs) and never let the compiler fuse a multiply-add, so a seed
// gives bit-identical numbers natively and in WebAssembly.
//
// Algorithms (a Trainer step is one minibatch):
//
//	SGD:  v <- mu v + grad L_B(w);  w <- w - eta v                    (1)
//
//	rSGD: y replicas w^a, each with its own minibatch order, take the
//	      step (1) and then the elastic step
//	      w^a <- w^a - min(1, eta gamma) (w^a - c),  c = mean_a w^a    (2)
//	      gamma grows geometrically, gamma <- gamma (1 + gamma1) per
//	      epoch, so the replicas collapse on the centre c, which is the
//	      network measured (rSGD of the papers above: the gradient of the
//	      y-replica loss sum_a L(w^a) + gamma/2 sum_a |w^a - c|^2).
//
//	eSGD: an inner chain x' takes Inner SGD steps on
//	      L(x') + gamma/2 |x' - x|^2, its running mean m <- (1-alpha) m +
//	      alpha x' (alpha 0.75); then the network moves to x <- m and the
//	      chain restarts there (entropy-SGD of Chaudhari et al., ICLR 2017,
//	      with outer step 1 and no Langevin noise).                   (4)
//
// Training stops at the first epoch ending with zero training error (the
// interpolation point of that width), or after MaxEpochs.
//
// Flatness protocol (the local energy of Pittorino et al., Sec. 3): with
// z ~ N(0, I) over all weights and biases and the multiplicative
// perturbation w -> w (1 + sigma z), which respects the rescaling symmetry
// of ReLU layers,
//
//	delta E_train(w, sigma) = E_z[ E_train(w (1 + sigma z)) ] - E_train(w)   (3)
//
// where E_train is the training error (fraction misclassified). Each noise
// draw is one z used for every sigma of the list (common random numbers:
// the curves over sigma are smooth); the mean over Draws draws is reported
// with its standard error (sample standard deviation / sqrt(Draws)). A Run
// trains, measures training and test error and loss, then Eq. (3).
//
// What the tests check on a stratified MNIST subset (2,000 training
// images, 14x14): wider networks reach zero training error where narrow ones
// cannot; past the interpolation point delta E_train at fixed sigma falls
// with width, with separated error bars; at width 64 and sigma 0.1 rSGD's
// centre is flatter than SGD's minimum (at sigma 0.2 and above the two agree
// within their error bars on this small set); the numbers are the same for
// any stepping budgets, natively and in WebAssembly (a golden hash).
package deep

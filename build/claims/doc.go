// Package claims holds no code, only a test: every number and every claim that the explorer
// (site/index.html) and the guided lesson (site/lesson.js) state about a figure is recomputed with the
// flatland command that reproduces that figure's state, and the stated text must still be there. A
// change to the physics, an algorithm or a default that makes the story wrong fails here, and so does a
// change to the text that leaves its claim unchecked.
//
// The claims about the local-entropy curves of the explorer's default view are recomputed from the
// replica code directly, in sim/replica/rf (TestExplorerEntropyClaims).
package claims

package rf

// The transition diagram of the default model (sign features, teacher
// labels, binary weights, kappa = 0) on the default grid, as computed by
// this package: the output of
//
//	go build -o /tmp/flatland ./sim/cmd/flatland
//	/tmp/flatland rf diagram -act sign -labels teacher -points 24 -json
//
// converted line by line (alpha_d, alpha_c, alpha_le arrays, numbers copied
// as printed, never edited). Regenerated on 2026-11-27 after the Franz-Parisi
// x-rule went from 4 to 8 Gauss-Legendre points per panel (the old rule
// under-resolved the slope at d < 0.02 and placed alpha_LE too low, by up to
// ~0.01). The live computation takes minutes, so the front end can draw
// this table at once and step NewDiagram only for other settings.
// TestPrecomputedDiagram re-derives every alpha_c and
// TestLocalEntropyBelowInterpolation one alpha_LE from scratch and checks
// them against the table.
var precomputedSignTeacher = []DiagramPoint{
	{AlphaD: 0.05, AlphaC: 3.037780790575138, AlphaLE: 2.377775448497836},
	{AlphaD: 0.06295276165002697, AlphaC: 2.675290678004958, AlphaLE: 2.086308714675429},
	{AlphaD: 0.07926100398730214, AlphaC: 2.356738752303542, AlphaLE: 1.8384403470117863},
	{AlphaD: 0.09979398184308938, AlphaC: 2.0789223802744488, AlphaLE: 1.6270815941866739},
	{AlphaD: 0.1256461350615025, AlphaC: 1.8391401287786249, AlphaLE: 1.4477481201229236},
	{AlphaD: 0.15819542385547727, AlphaC: 1.635011070102126, AlphaLE: 1.2995783302514867},
	{AlphaD: 0.19917677624197705, AlphaC: 1.464225632373302, AlphaLE: 1.175041069979575},
	{AlphaD: 0.25077456241963875, AlphaC: 1.3242457672102135, AlphaLE: 1.0749151188526658},
	{AlphaD: 0.31573902511786656, AlphaC: 1.2120367340965401, AlphaLE: 0.9950064063973787},
	{AlphaD: 0.3975328718371388, AlphaC: 1.1239745246163015, AlphaLE: 0.9330744764510017},
	{AlphaD: 0.5005158425762821, AlphaC: 1.0560344029692346, AlphaLE: 0.8864088769923013},
	{AlphaD: 0.6301770907953426, AlphaC: 1.004191863394196, AlphaLE: 0.850581889290615},
	{AlphaD: 0.7934277638829318, AlphaC: 0.9648201815535529, AlphaLE: 0.8231122173878745},
	{AlphaD: 0.9989693781247215, AlphaC: 0.934914168441249, AlphaLE: 0.8025653814712844},
	{AlphaD: 1.2577576231352259, AlphaC: 0.9121234703031773, AlphaLE: 0.7849962616296717},
	{AlphaD: 1.5835863172547266, AlphaC: 0.8946715820506, AlphaLE: 0.771933824388033},
	{AlphaD: 1.993822639647615, AlphaC: 0.881237630997318, AlphaLE: 0.7622705508126797},
	{AlphaD: 2.5103328281232784, AlphaC: 0.870844176714155, AlphaLE: 0.7551851844943059},
	{AlphaD: 3.16064768382166, AlphaC: 0.8627663307683294, AlphaLE: 0.7500674788117161},
	{AlphaD: 3.9794300059866945, AlphaC: 0.8564633403172744, AlphaLE: 0.7464613300452743},
	{AlphaD: 5.010322173396913, AlphaC: 0.8515287978993102, AlphaLE: 0.7413622596710867},
	{AlphaD: 6.308272351434022, AlphaC: 0.8476548774210113, AlphaLE: 0.7398437726990261},
	{AlphaD: 7.942463315265627, AlphaC: 0.8446066842131973, AlphaLE: 0.7390308486865473},
	{AlphaD: 10, AlphaC: 0.8422037682491434, AlphaLE: 0.7361387311852667},
}

// PrecomputedDiagram returns the stored diagram for m on the default grid
// (24 log-spaced alpha_D in [0.05, 10]) when one exists: for now the default
// model (sign, teacher, binary, kappa = 0). AlphaLE is known to +-1.5e-3
// (bisection bracket); EpsTypicalAtC is not stored (0).
func PrecomputedDiagram(m Model) ([]DiagramPoint, bool) {
	if m.Act != Sign || m.Labels != Teacher || m.Kappa != 0 || m.Spherical {
		return nil, false
	}
	out := append([]DiagramPoint(nil), precomputedSignTeacher...)
	for i := range out {
		out[i].AlphaLEWidth = alphaLETol
	}
	return out, true
}

package rf

// The transition diagram of the default model (sign features, teacher
// labels, binary weights, kappa = 0) on the default grid, as computed by
// this package: the output of
//
//	flatland rf diagram -act sign -labels teacher -points 24 -json
//
// (75 s of CPU natively). The live computation takes minutes, so the front
// end can draw this table at once and step NewDiagram only for other
// settings. TestPrecomputedDiagram re-derives every alpha_c and two alpha_LE
// from scratch and checks them against the table.
var precomputedSignTeacher = []DiagramPoint{
	{AlphaD: 0.05, AlphaC: 3.0377807905751357, AlphaLE: 2.3602132783023233},
	{AlphaD: 0.06295276165002697, AlphaC: 2.675290678004961, AlphaLE: 2.0708421904432157},
	{AlphaD: 0.07926100398730213, AlphaC: 2.3567387523035483, AlphaLE: 1.824815451100037},
	{AlphaD: 0.09979398184308938, AlphaC: 2.07892238027445, AlphaLE: 1.6150628241757137},
	{AlphaD: 0.12564613506150252, AlphaC: 1.8391401287786269, AlphaLE: 1.4371155912534241},
	{AlphaD: 0.15819542385547727, AlphaC: 1.6350110701021296, AlphaLE: 1.2901259225024617},
	{AlphaD: 0.19917677624197705, AlphaC: 1.464225632373305, AlphaLE: 1.166576015542419},
	{AlphaD: 0.25077456241963875, AlphaC: 1.3242457672102137, AlphaLE: 1.0672593230109815},
	{AlphaD: 0.31573902511786656, AlphaC: 1.2120367340965428, AlphaLE: 0.9898931264254105},
	{AlphaD: 0.3975328718371388, AlphaC: 1.1239745246163027, AlphaLE: 0.9283327089252771},
	{AlphaD: 0.5005158425762821, AlphaC: 1.0560344029692352, AlphaLE: 0.881953731854775},
	{AlphaD: 0.6301770907953426, AlphaC: 1.0041918633941962, AlphaLE: 0.8432073552938137},
	{AlphaD: 0.7934277638829321, AlphaC: 0.9648201815535534, AlphaLE: 0.8160268191795911},
	{AlphaD: 0.998969378124722, AlphaC: 0.9349141684412496, AlphaLE: 0.7956996055467945},
	{AlphaD: 1.2577576231352265, AlphaC: 0.9121234703031778, AlphaLE: 0.7811482407393304},
	{AlphaD: 1.583586317254727, AlphaC: 0.8946715820506002, AlphaLE: 0.7681594286512571},
	{AlphaD: 1.9938226396476162, AlphaC: 0.8812376309973172, AlphaLE: 0.7585528295569091},
	{AlphaD: 2.5103328281232797, AlphaC: 0.8708441767141551, AlphaLE: 0.7515113106237932},
	{AlphaD: 3.16064768382166, AlphaC: 0.8627663307683306, AlphaLE: 0.746427683353788},
	{AlphaD: 3.979430005986696, AlphaC: 0.8564633403172751, AlphaLE: 0.7401716773898194},
	{AlphaD: 5.010322173396917, AlphaC: 0.8515287978993107, AlphaLE: 0.7377698725549489},
	{AlphaD: 6.308272351434023, AlphaC: 0.8476548774210112, AlphaLE: 0.733618807192965},
	{AlphaD: 7.942463315265627, AlphaC: 0.8446066842131966, AlphaLE: 0.7328282683493557},
	{AlphaD: 10, AlphaC: 0.842203768249143, AlphaLE: 0.7299537972621861},
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

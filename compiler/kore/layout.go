package kore

// Canvas geometry, in pixels. The legacy builder draws a dialog top-down;
// like the references, xoc puts each step of the flow on its own row and
// spreads branches over columns.
const (
	canvasLeft  = 30
	canvasTop   = 20
	columnWidth = 250
	rowHeight   = 150
)

// layout places the nodes of one dialog: a node's row is its distance from
// intent0 (breadth-first over transitions, in order), its column is its
// order of discovery within the row. Nodes not reachable from intent0
// (which Check rejects) go below everything else, in input order, so that
// layout never depends on anything but the graph.
func layout(nodes []*node) {
	if len(nodes) == 0 {
		return
	}
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.NodeID] = i
	}
	row := make([]int, len(nodes))
	for i := range row {
		row[i] = -1
	}
	columns := map[int]int{} // next free column per row
	place := func(i, r int) {
		row[i] = r
		nodes[i].Metadata = position{Left: canvasLeft + columns[r]*columnWidth, Top: canvasTop + r*rowHeight}
		columns[r]++
	}
	place(0, 0)
	queue := []int{0}
	deepest := 0
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, t := range nodes[i].Transitions {
			target := t.Then
			if t.Default != nil {
				target = *t.Default
			}
			j, ok := index[target]
			if !ok || row[j] >= 0 {
				continue
			}
			r := row[i] + 1
			place(j, r)
			deepest = max(deepest, r)
			queue = append(queue, j)
		}
	}
	for i := range nodes {
		if row[i] < 0 {
			place(i, deepest+1)
		}
	}
}

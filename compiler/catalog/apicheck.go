package catalog

// sentParam is a query parameter or form field with its value under the
// default options: nil for null (left out); known is false when the
// value could not be evaluated or is not one lowering takes (reported).
type sentParam struct {
	QueryParam
	value *string
	known bool
}

func (c *checker) checkCall(n Node, sent []sentParam) {}

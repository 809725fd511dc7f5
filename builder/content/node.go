package content

import (
	"fmt"
	"strings"
)

// A Node is one value of a front-matter block, whatever its format, with the
// position where it starts. YAML, TOML and JSON are all turned into Nodes
// before decoding, so that every error can point at its line and column.
type Node struct {
	Kind  NodeKind
	Type  ScalarType // for scalars
	Value string     // for scalars: the text as written (dates as YYYY-MM-DD)
	Pos   Pos
	Keys  []*Node // for maps: the key scalars, in source order
	Vals  []*Node // for maps: the values, parallel to Keys
	Items []*Node // for lists
}

// NodeKind is the shape of a Node.
type NodeKind int

// The kinds of Node.
const (
	NullNode NodeKind = iota
	ScalarNode
	MapNode
	ListNode
)

// ScalarType is what a scalar was written as. YAML plain scalars, TOML and JSON
// values carry their type; quoted YAML scalars are strings.
type ScalarType int

// The types of scalar.
const (
	StringScalar ScalarType = iota
	IntScalar
	FloatScalar
	BoolScalar
	DateScalar
)

// describe names the shape of n for error messages: "a list", "text", …
func (n *Node) describe() string {
	switch n.Kind {
	case NullNode:
		return "nothing"
	case MapNode:
		return "a set of keys"
	case ListNode:
		return "a list"
	}
	switch n.Type {
	case IntScalar, FloatScalar:
		return fmt.Sprintf("the number %s", n.Value)
	case BoolScalar:
		return fmt.Sprintf("%s (true/false)", n.Value)
	case DateScalar:
		return fmt.Sprintf("the date %s", n.Value)
	}
	return fmt.Sprintf("the text %q", truncate(n.Value, 40))
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != MapNode {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Vals[i]
		}
	}
	return nil
}

func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

package kore

import (
	"github.com/xoc-dev/xoc/compiler/ir"

	"reflect"
	"strconv"
	"testing"
)

// TestDialogKeyCoversEveryField changes every leaf of a Dialog, one at a
// time, and checks that the key changes: a field added to the IR and
// forgotten by DialogKey fails here.
func TestDialogKeyCoversEveryField(t *testing.T) {
	full := func() *ir.Dialog {
		d := &ir.Dialog{}
		fill(reflect.ValueOf(d).Elem(), new(int))
		return d
	}
	base := DialogKey(full())
	leaves := 0
	for i := 0; ; i++ {
		d := full()
		path, ok := changeLeaf(reflect.ValueOf(d).Elem(), new(int), i, "Dialog")
		if !ok {
			break
		}
		leaves++
		if DialogKey(d) == base {
			t.Errorf("changing %s leaves DialogKey unchanged", path)
		}
	}
	if leaves < 20 {
		t.Fatalf("only %d leaves visited", leaves)
	}
	// Moving a value from one field to the next must change the key too.
	a, b := &ir.Dialog{Name: "ab"}, &ir.Dialog{Name: "a", Description: "b"}
	if DialogKey(a) == DialogKey(b) {
		t.Error("DialogKey confuses field boundaries")
	}
	if DialogKey(&ir.Dialog{}) == DialogKey(&ir.Dialog{Nodes: []ir.Node{{}}}) {
		t.Error("DialogKey ignores an empty node")
	}
}

// fill sets every field reachable from v to a distinct non-zero value,
// with one element in every slice and every pointer set.
func fill(v reflect.Value, counter *int) {
	switch v.Kind() {
	case reflect.String:
		*counter++
		v.SetString("v" + strconv.Itoa(*counter))
	case reflect.Int:
		*counter++
		v.SetInt(int64(*counter))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), counter)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), counter)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), counter)
		}
	default:
		panic("fill: unexpected kind " + v.Kind().String())
	}
}

// changeLeaf changes the target-th leaf (in fill's order) of v, a value
// filled by fill, and returns its path; ok is false when v has fewer
// leaves. A pointer or slice counts as a leaf too: it is set to nil.
func changeLeaf(v reflect.Value, seen *int, target int, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String, reflect.Int, reflect.Bool:
		if *seen == target {
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "!")
			case reflect.Int:
				v.SetInt(v.Int() + 1000)
			case reflect.Bool:
				v.SetBool(!v.Bool())
			}
			return path, true
		}
		*seen++
	case reflect.Pointer, reflect.Slice:
		if *seen == target {
			v.Set(reflect.Zero(v.Type()))
			return path + " (nil)", true
		}
		*seen++
		if v.Kind() == reflect.Pointer {
			return changeLeaf(v.Elem(), seen, target, path)
		}
		return changeLeaf(v.Index(0), seen, target, path+"[0]")
	case reflect.Struct:
		for i := range v.NumField() {
			if p, ok := changeLeaf(v.Field(i), seen, target, path+"."+v.Type().Field(i).Name); ok {
				return p, true
			}
		}
	}
	return "", false
}

package example

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/cdk-privatelink/cdk-privatelink/internal/check"
)

// shape checks a decoded JSON value against the Go type it is meant for,
// before it is decoded into it, and records every problem with its path
// (services[1].port): unknown fields, naming the known ones, and values of
// the wrong JSON type. It returns the paths that are present, so that a
// value given as zero can be told from one left out. encoding/json would
// stop at the first problem and name no location.
func shape(p *check.Problems, path string, v any, t reflect.Type, present map[string]bool) {
	present[path] = true
	want := func(what string) {
		p.Addf("%s: %s, want %s", path, describe(v), what)
	}
	switch t.Kind() {
	case reflect.Pointer:
		shape(p, path, v, t.Elem(), present)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			want("an object")
			return
		}
		fields := map[string]reflect.StructField{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = f
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields[k]
			if !ok {
				known := make([]string, 0, len(fields))
				for n := range fields {
					known = append(known, n)
				}
				sort.Strings(known)
				p.Addf("%s: unknown field; want one of %s", join(path, k), strings.Join(known, ", "))
				continue
			}
			shape(p, join(path, k), m[k], f.Type, present)
		}
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			want("a list")
			return
		}
		for i, e := range l {
			shape(p, fmt.Sprintf("%s[%d]", path, i), e, t.Elem(), present)
		}
	case reflect.String:
		if s, ok := v.(string); !ok {
			want(`a string (in quotes, "...")`)
		} else if s == "" {
			present[path] = false // given empty: said apart below
			present[path+"="] = true
		}
	case reflect.Int, reflect.Float64:
		if _, ok := v.(float64); !ok {
			want("a number")
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// describe names a JSON value for a message.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", v)
}

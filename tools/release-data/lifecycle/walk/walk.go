// Package walk turns the built-in types registered by k8s.io/api's group-version
// packages into lifecycle rows: group, version, kind and the release each kind was
// introduced, deprecated and removed in, with its replacement. The numbers are the
// ones k8s.io/api's generated prerelease-lifecycle methods return (from the
// +k8s:prerelease-lifecycle-gen tags); a kind without them (GA kinds, and alpha
// kinds of older releases) is still listed, with no lifecycle.
//
// Kept: every kind whose Go type is declared in one of the packages handed in, except
//   - list kinds (a struct embedding metav1.ListMeta: DeploymentList, List), and
//   - kinds named *Options (the query-parameter types of subresources: PodLogOptions,
//     PodExecOptions, ...).
//
// Dropped by the first rule: what metav1.AddToGroupVersion registers in every group
// (WatchEvent, ListOptions, GetOptions, DeleteOptions, CreateOptions, UpdateOptions,
// PatchOptions, and the unversioned Status, APIVersions, APIGroupList, APIGroup,
// APIResourceList), whose Go types live in k8s.io/apimachinery. The internal version
// (__internal) is dropped too. This package only depends on k8s.io/apimachinery's runtime and schema,
// whose API has not changed since k8s.io/api v0.20, so one source serves every
// release the generator is run against.
package walk

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Package is one group-version package of k8s.io/api and its scheme registration.
type Package struct {
	ImportPath  string
	AddToScheme func(*runtime.Scheme) error
}

// GVK names a kind in a group-version; Group is "" for the core group.
type GVK struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// Row is one kind's lifecycle. A release is "1.NN"; nil when the type carries no such tag.
type Row struct {
	GVK
	Introduced  *string `json:"introduced"`
	Deprecated  *string `json:"deprecated"`
	Removed     *string `json:"removed"`
	Replacement *GVK    `json:"replacement"`
}

// Output is what the generator prints: the module it read and its rows, sorted by group, version, kind.
type Output struct {
	Module string `json:"module"`
	Rows   []Row  `json:"rows"`
}

type introduced interface{ APILifecycleIntroduced() (int, int) }
type deprecated interface{ APILifecycleDeprecated() (int, int) }
type removed interface{ APILifecycleRemoved() (int, int) }
type replacement interface {
	APILifecycleReplacement() schema.GroupVersionKind
}

// Rows registers every package into one scheme and returns the kept kinds' rows.
func Rows(packages []Package) ([]Row, error) {
	scheme := runtime.NewScheme()
	for _, pkg := range packages {
		if err := pkg.AddToScheme(scheme); err != nil {
			return nil, fmt.Errorf("failed to register %s: %w", pkg.ImportPath, err)
		}
	}
	declaring := map[string]bool{}
	for _, pkg := range packages {
		declaring[pkg.ImportPath] = true
	}
	rows := []Row{}
	for gvk, typ := range scheme.AllKnownTypes() {
		if !keep(gvk, typ, declaring) {
			continue
		}
		rows = append(rows, rowOf(gvk, reflect.New(typ).Interface()))
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i].GVK, rows[j].GVK
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.Kind < b.Kind
	})
	return rows, nil
}

func keep(gvk schema.GroupVersionKind, typ reflect.Type, declaring map[string]bool) bool {
	if gvk.Version == runtime.APIVersionInternal || typ.Kind() != reflect.Struct || !declaring[typ.PkgPath()] {
		return false
	}
	if field, ok := typ.FieldByName("ListMeta"); ok && field.Anonymous {
		return false
	}
	return !strings.HasSuffix(gvk.Kind, "Options")
}

// rowOf reads the lifecycle methods; they have pointer receivers, so obj is a pointer.
func rowOf(gvk schema.GroupVersionKind, obj interface{}) Row {
	row := Row{GVK: GVK{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind}}
	if v, ok := obj.(introduced); ok {
		row.Introduced = release(v.APILifecycleIntroduced())
	}
	if v, ok := obj.(deprecated); ok {
		row.Deprecated = release(v.APILifecycleDeprecated())
	}
	if v, ok := obj.(removed); ok {
		row.Removed = release(v.APILifecycleRemoved())
	}
	if v, ok := obj.(replacement); ok {
		if r := v.APILifecycleReplacement(); !r.Empty() {
			row.Replacement = &GVK{Group: r.Group, Version: r.Version, Kind: r.Kind}
		}
	}
	return row
}

func release(major, minor int) *string {
	if major == 0 && minor == 0 {
		return nil
	}
	text := fmt.Sprintf("%d.%d", major, minor)
	return &text
}

// Print writes the rows as one indented JSON document; modules names what was read
// ("k8s.io/api v0.32.13, k8s.io/apiextensions-apiserver v0.32.13, ...").
func Print(w io.Writer, modules string, packages []Package) error {
	rows, err := Rows(packages)
	if err != nil {
		return err
	}
	encoder := json.NewEncoder(w)
	encoder.SetIndent("", "  ")
	return encoder.Encode(Output{Module: modules, Rows: rows})
}

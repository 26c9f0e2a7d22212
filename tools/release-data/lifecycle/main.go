// Command lifecycle prints the lifecycle rows of one k8s.io/api release as JSON
// (walk.Output: {module, rows: [{group, version, kind, introduced, deprecated,
// removed, replacement}]}).
//
//	go run . -api v0.32.13 > rows.json
//
// The built-in kinds live in three modules released together: k8s.io/api (every group
// but two), k8s.io/apiextensions-apiserver (CustomResourceDefinition) and
// k8s.io/kube-aggregator (APIService). Their group-version packages differ from
// release to release, so this source names none of them. It makes a throwaway module
// that requires the three at the given version, lists their packages (go list
// k8s.io/api/... and the two apis trees), keeps every package that registers types (the
// ones with a register.go: they export AddToScheme), writes a main.go importing exactly
// those, and runs it; that program hands them to walk.
// The throwaway module is deleted afterwards unless -keep is given.
//
// scripts/lifecycle-data.ts runs this over every k8s.io/api minor and merges the answers.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	api := flag.String("api", "", "k8s.io/api version, e.g. v0.32.13")
	keep := flag.Bool("keep", false, "keep the generated module and print its folder on stderr")
	flag.Parse()
	if *api == "" || !strings.HasPrefix(*api, "v0.") {
		fmt.Fprintln(os.Stderr, "usage: go run . -api v0.NN.P")
		os.Exit(2)
	}
	if err := run(*api, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// The modules that declare built-in kinds, and the package patterns their kinds are under.
var modules = []struct{ path, packages string }{
	{"k8s.io/api", "k8s.io/api/..."},
	{"k8s.io/apiextensions-apiserver", "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/..."},
	{"k8s.io/kube-aggregator", "k8s.io/kube-aggregator/pkg/apis/apiregistration/..."},
}

func run(api string, keep bool) error {
	self, err := os.Getwd()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "kapi-lifecycle-"+api+"-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "generated module:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	goMod := fmt.Sprintf(`module kapi.tools/release-data/lifecycle/generated

go 1.22

require kapi.tools/release-data/lifecycle v0.0.0

replace kapi.tools/release-data/lifecycle => %s
`, self)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		return err
	}
	var read, listPatterns []string
	for _, module := range modules {
		version := api
		if module.path != "k8s.io/api" {
			if version, err = sameMinor(dir, module.path, api); err != nil {
				return err
			}
		}
		if version == "" {
			fmt.Fprintf(os.Stderr, "warning: the module proxy has no %s of this minor; its kinds are left out of %s\n", module.path, api)
			read = append(read, module.path+" (none)")
			continue
		}
		goMod += fmt.Sprintf("\nrequire %s %s\n", module.path, version)
		read = append(read, module.path+" "+version)
		listPatterns = append(listPatterns, module.packages)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		return err
	}
	listed, err := goCommand(dir, append([]string{"list", "-mod=mod", "-f", `{{.ImportPath}} {{join .GoFiles ","}}`}, listPatterns...)...)
	if err != nil {
		return err
	}
	packages := registeringPackages(listed)
	if len(packages) == 0 {
		return fmt.Errorf("%s: no package registers types", api)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), generatedMain(strings.Join(read, ", "), packages), 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", "run", "-mod=mod", ".")
	cmd.Dir = dir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// sameMinor is version when the module proxy serves path at it, else the highest patch of the same minor the
// proxy lists, else "" (the module is left out of this release: the proxy this was written on lacks many
// k8s.io/kube-aggregator versions). Lifecycle tags name minors, so any patch of the minor answers the same.
func sameMinor(dir, path, version string) (string, error) {
	if _, err := goCommand(dir, "mod", "download", path+"@"+version); err == nil {
		return version, nil
	}
	listed, err := goCommand(dir, "list", "-mod=mod", "-m", "-versions", path)
	if err != nil {
		return "", err
	}
	minor := version[:strings.LastIndex(version, ".")+1]
	best, bestPatch := "", -1
	for _, candidate := range strings.Fields(listed)[1:] {
		var patch int
		if _, err := fmt.Sscanf(strings.TrimPrefix(candidate, minor), "%d", &patch); err == nil && strings.HasPrefix(candidate, minor) &&
			!strings.Contains(candidate, "-") && patch > bestPatch {
			best, bestPatch = candidate, patch
		}
	}
	return best, nil
}

// registeringPackages picks the import paths whose files include register.go, sorted.
func registeringPackages(listed string) []string {
	var packages []string
	for _, line := range strings.Split(strings.TrimSpace(listed), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 {
			continue
		}
		for _, file := range strings.Split(fields[1], ",") {
			if file == "register.go" {
				packages = append(packages, fields[0])
			}
		}
	}
	sort.Strings(packages)
	return packages
}

func generatedMain(modules string, packages []string) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by kapi's tools/release-data/lifecycle. DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"os\"\n\n")
	b.WriteString("\t\"kapi.tools/release-data/lifecycle/walk\"\n")
	for i, pkg := range packages {
		fmt.Fprintf(&b, "\tp%d %q\n", i, pkg)
	}
	b.WriteString(")\n\nfunc main() {\n\tpackages := []walk.Package{\n")
	for i, pkg := range packages {
		fmt.Fprintf(&b, "\t\t{ImportPath: %q, AddToScheme: p%d.AddToScheme},\n", pkg, i)
	}
	fmt.Fprintf(&b, "\t}\n\tif err := walk.Print(os.Stdout, %q, packages); err != nil {\n\t\tos.Stderr.WriteString(\"error: \" + err.Error() + \"\\n\")\n\t\tos.Exit(1)\n\t}\n}\n", modules)
	return b.Bytes()
}

func goCommand(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

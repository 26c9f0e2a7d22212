module kapi.tools/release-data/lifecycle

// The generator of kapi's lifecycle data (src/releases/data/lifecycle.json); see main.go.
// walk/ needs only k8s.io/apimachinery's runtime and schema; the oldest release it is run
// against is pinned here, so the k8s.io/api version under study always picks its own.
go 1.22

require k8s.io/apimachinery v0.20.6

require (
	github.com/go-logr/logr v0.2.0 // indirect
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/json-iterator/go v1.1.10 // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/modern-go/reflect2 v1.0.1 // indirect
	gopkg.in/yaml.v2 v2.2.8 // indirect
	k8s.io/klog/v2 v2.4.0 // indirect
	sigs.k8s.io/structured-merge-diff/v4 v4.0.3 // indirect
)

// Package manifests builds the kustomize overlays under cluster-manifests/
// offline, the way Flux's kustomize-controller does (kustomize's krusty
// library, then postBuild substitution of ${VARIABLES}), decodes every
// object strictly against the Kubernetes API types of the clusters'
// version, and checks each workload against the constraints of the Azure
// Policy assignments the stacks make (checks.go, each written from the
// policy's Gatekeeper template in Azure/azure-policy).
//
// Nothing in the program imports this package: kustomize and k8s.io/api are
// test-time dependencies, and the package links no Azure SDK, so its tests
// are a small binary of their own.
package manifests

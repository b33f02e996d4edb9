// Package tests holds every test that links the Azure SDK: component tests
// through the testkit, stack tests over the real stack files, the plan's
// tests and benchmarks. They live in one package on purpose: each test
// binary that links the SDK costs ~12 s and ~140 MB to link, so one binary
// keeps `go test ./...` fast (see README, Performance).
package tests

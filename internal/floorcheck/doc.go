// Package floorcheck holds the test that keeps the build floor
// (internal/buildfloor) honest: the floor must import exactly the SDK
// packages the privateaks program imports, so that comparing the two builds
// measures our own code and nothing else. The package has no code: its test
// reads import lists with `go list` and links none of the SDK.
package floorcheck

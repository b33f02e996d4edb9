// Package stackcheck holds no code: its test runs the Pulumi CLI's config
// validation (pkg/v3/workspace.ValidateStackConfigAndApplyProjectConfig, the
// function behind "Stack 'dev' is missing configuration values ...") and
// internal/stackfile.ApplyProject on the same project and stack files, and
// fails where they disagree. Run it with `cd tools/stackcheck && go test ./...`
// (.ci/run does).
package stackcheck

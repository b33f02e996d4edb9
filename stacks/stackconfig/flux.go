package stackconfig

import "github.com/privateaks/privateaks/internal/baseline"

// validateFlux is the component's spec (fluxspec, with the stack's Flux
// configurations keeping the component's default name) and what only the
// stack has: the credentials, as secrets in stack config.
func validateFlux(f Flux, s Secrets, path string) []error {
	if f.Enabled != nil && !*f.Enabled {
		return nil
	}
	errs := f.Spec.Validate(path, baseline.FluxConfigurationName)
	switch f.Auth {
	case FluxAuthSSH:
		errs = append(errs, requireSecret(s.FluxSSHPrivateKey, "fluxSshPrivateKey", "the SSH private key (pulumi config set --secret fluxSshPrivateKey < key)")...)
		if s.FluxSSHKnownHosts == "" {
			errs = append(errs, fieldErr("fluxSshKnownHosts", s.FluxSSHKnownHosts, "the Git host's known_hosts line(s), required with SSH auth so the host key is pinned"))
		}
	case FluxAuthHTTPS:
		errs = append(errs, requireSecret(s.FluxHTTPSToken, "fluxHttpsToken", "the HTTPS token (pulumi config set --secret fluxHttpsToken)")...)
		if s.FluxHTTPSUsername == "" {
			errs = append(errs, fieldErr("fluxHttpsUsername", s.FluxHTTPSUsername, "the user name that goes with fluxHttpsToken (e.g. \"git\")"))
		}
	}
	// A credential present but not secret is an error whatever the auth mode.
	for _, sv := range []struct {
		key string
		v   *SecretValue
	}{{"fluxSshPrivateKey", s.FluxSSHPrivateKey}, {"fluxHttpsToken", s.FluxHTTPSToken}} {
		if sv.v != nil && !sv.v.Secret {
			errs = append(errs, fieldErr(sv.key, "[redacted]", "a secret value: set it with `pulumi config set --secret %s`", sv.key))
		}
	}
	return errs
}

func requireSecret(v *SecretValue, key, what string) []error {
	if v == nil || v.Value == "" {
		return []error{fieldErr(key, nil, "%s", what)}
	}
	return nil
}

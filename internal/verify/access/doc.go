// Package access is the independent access model: it derives from a plan
// who must be able to do what — cluster admin groups, namespace groups,
// workload identities, a secrets operator group, the kubelet and the
// control plane — and checks each need against the planned role
// assignments, by the Actions and DataActions of the built-in roles as the
// Azure built-in roles reference documents them. It also flags privileged
// roles (Owner, Contributor, User Access Administrator) anywhere and scopes
// wider than the need.
//
// It is written from Azure's documentation, not from our components: it
// never imports components/*, it reads only the plan (verify.Plan), and
// every need and role names the document it comes from. Needs are derived
// from what the plan says about the resources (the cluster's aadProfile,
// identity and identityProfile, node subnets and their route table, the
// API server's private zone, federated credentials against a cluster's
// OIDC issuer), never from our stack config.
package access

package acceptance

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

const (
	specMSI   = "azure-rest-api-specs specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json"
	docFICMax = "Microsoft Entra docs workload-identity-federation-create-trust-user-assigned-managed-identity.md#important-considerations-and-restrictions (\"A maximum of 20 federated identity credentials can be added to an application or user-assigned managed identity\")"
)

var ficName = regexp.MustCompile(`^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$`)

func init() {
	register(Rule{ID: "AZ-FIC", Title: "federated identity credentials: name pattern, issuer, subject and audiences required, issuer an https URL, at most 20 per identity", Source: specMSI + "#/definitions/FederatedIdentityCredentialProperties", check: func(rn *run) {
		perIdentity := map[string][]*mockengine.Resource{}
		for _, f := range rn.byType("managedidentity", "FederatedIdentityCredential") {
			if n, ok := str(f, "federatedIdentityCredentialResourceName"); ok {
				rn.checked++
				if !ficName.MatchString(n) {
					rn.flag(f, "federatedIdentityCredentialResourceName", specMSI+"#/parameters/FederatedIdentityCredentialResourceNameParameter", "%q does not match ^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$", n)
				}
			}
			for _, req := range []string{"issuer", "subject", "audiences"} {
				rn.checked++
				if !present(f, req) {
					rn.flag(f, req, def(specMSI, "FederatedIdentityCredentialProperties")+".required", "required (issuer, subject, audiences)")
				}
			}
			if n := length(f, "audiences"); n == 0 {
				rn.flag(f, "audiences", def(specMSI, "FederatedIdentityCredentialProperties")+".audiences", "at least one audience is needed")
			}
			if iss, ok := str(f, "issuer"); ok {
				rn.checked++
				if u, err := url.Parse(iss); err != nil || u.Scheme != "https" || u.Host == "" {
					rn.flag(f, "issuer", def(specMSI, "FederatedIdentityCredentialProperties")+".issuer (format uri)", "%q is not an https issuer URL", iss)
				}
			}
			rg, ok1 := str(f, "resourceGroupName")
			id, ok2 := str(f, "resourceName")
			if ok1 && ok2 {
				k := strings.ToLower(rg + "/" + id)
				perIdentity[k] = append(perIdentity[k], f)
			}
		}
		var ids []string
		for k := range perIdentity {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		for _, k := range ids {
			fs := perIdentity[k]
			rn.checked++
			if len(fs) > 20 {
				rn.flag(fs[len(fs)-1], "resourceName", docFICMax, "identity %s has %d federated identity credentials; at most 20", k, len(fs))
			}
		}
	}})
}

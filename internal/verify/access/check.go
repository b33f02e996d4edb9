package access

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// need is one operation a persona's principal must be allowed on a scope.
type need struct {
	persona  string
	who      principal
	op       string
	role     string // the documented least role's GUID ("" when a setting grants it)
	scope    string
	resource string // URN of the resource the need comes from
	path     string // input path on it
	rule     string
	source   string
	required bool
	note     string
	by       string // a cluster setting that grants it (no assignment needed)
}

type checker struct {
	p        verify.Plan
	as       []assignment
	needs    []need
	rows     []Row
	findings []verify.Finding
	reported map[string]bool
}

// Check derives every persona's needs from the plan and checks them, and
// every planned role assignment, against the built-in roles. The report is
// deterministic: rows and findings are sorted.
func Check(p verify.Plan) Report {
	c := &checker{p: p, as: assignments(p), reported: map[string]bool{}}
	for _, cl := range byType(p, ":ManagedCluster", "containerservice") {
		c.clusterNeeds(cl)
	}
	c.workloadNeeds()
	c.secretsWriters()
	c.jumpboxNeeds()
	for _, n := range c.needs {
		c.evaluate(n)
	}
	c.vaultMode()
	c.everyAssignment()
	sortRows(c.rows)
	verify.Sort(c.findings)
	if c.rows == nil {
		c.rows = []Row{}
	}
	if c.findings == nil {
		c.findings = []verify.Finding{}
	}
	return Report{Rows: c.rows, Findings: c.findings}
}

func (c *checker) add(n need) { c.needs = append(c.needs, n) }

func (c *checker) finding(rule, res, path, source, format string, args ...any) {
	key := rule + "|" + res + "|" + path + "|" + fmt.Sprintf(format, args...)
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	c.findings = append(c.findings, verify.Finding{Model: Model, Rule: rule, Resource: res, Path: path, Message: fmt.Sprintf(format, args...), Source: source})
}

// clusterNeeds: admin groups, namespace groups, the kubelet and the
// control plane of one cluster.
func (c *checker) clusterNeeds(cl *mockengine.Resource) {
	cid := cl.ID
	azureRBAC := cl.Bool("aadProfile.enableAzureRBAC")
	for i, g := range stringsAt(cl, "aadProfile.adminGroupObjectIDs") {
		path := fmt.Sprintf("aadProfile.adminGroupObjectIDs[%d]", i)
		who := groupPrincipal(g)
		c.add(need{persona: PersonaAdmin, who: who, op: opListUserCredential, role: RoleAKSClusterUser, scope: cid, resource: cl.URN, path: path, rule: "ACC-ADMIN-01", source: srcGetCredentials, required: true})
		if azureRBAC {
			c.add(need{persona: PersonaAdmin, who: who, op: opClusterAdmin, role: RoleAKSRBACClusterAdmin, scope: cid, resource: cl.URN, path: path, rule: "ACC-ADMIN-02", source: srcEntraRBACSummary, required: true})
		} else {
			c.add(need{persona: PersonaAdmin, who: who, op: opClusterAdmin, scope: cid, resource: cl.URN, path: path, rule: "ACC-ADMIN-02", source: srcAdminGroup, required: true,
				by: cl.URN + "#aadProfile.adminGroupObjectIDs", note: "cluster-admin through the admin groups (Kubernetes RBAC)"})
		}
	}
	c.namespaceGroups(cl)

	kid := inputID(c.p, cl, "identityProfile.kubeletidentity.resourceId")
	if kid != "" {
		kubelet := c.identity(kid)
		if oid := cl.String("identityProfile.kubeletidentity.objectId"); oid != "" {
			kubelet.keys["id:"+strings.ToLower(oid)] = true
		}
		for _, reg := range c.sameGroup(byType(c.p, ":Registry", "containerregistry"), cid) {
			c.add(need{persona: PersonaKubelet, who: kubelet, op: opAcrPull, role: RoleAcrPull, scope: reg.ID, resource: cl.URN, path: "identityProfile.kubeletidentity.resourceId", rule: "ACC-KUBELET-01", source: srcKubeletPull, required: true})
		}
	}

	for _, cpID := range stringsAt(cl, "identity.userAssignedIdentities") {
		cp := c.identity(cpID)
		subnets := c.nodeSubnets(cl)
		vnets := map[string]bool{}
		routeTables := map[string]bool{}
		for _, s := range subnets {
			c.add(need{persona: PersonaControlPlane, who: cp, op: opSubnetJoin, role: RoleNetworkContributor, scope: s.id, resource: s.urn, path: s.path, rule: "ACC-CP-01", source: srcSubnetJoin, required: true})
			if v := parentID(s.id, "subnets"); v != "" {
				vnets[v] = true
			}
			if sn := c.p.ByID(s.id); sn != nil {
				if rt := inputID(c.p, sn, "routeTable.id"); rt != "" && !routeTables[strings.ToLower(rt)] {
					routeTables[strings.ToLower(rt)] = true
					for _, op := range []string{opRouteTableJoin, opRouteWrite} {
						c.add(need{persona: PersonaControlPlane, who: cp, op: op, role: RoleNetworkContributor, scope: rt, resource: sn.URN, path: "routeTable.id", rule: "ACC-CP-02", source: srcRouteTable, required: true})
					}
				}
			}
		}
		zone := inputID(c.p, cl, "apiServerAccessProfile.privateDNSZone")
		if strings.Contains(strings.ToLower(zone), "/providers/microsoft.network/privatednszones/") {
			const zp = "apiServerAccessProfile.privateDNSZone"
			for _, op := range []string{opZoneRecordWrite, opZoneLinkWrite} {
				c.add(need{persona: PersonaControlPlane, who: cp, op: op, role: RolePrivateDNSZoneContrib, scope: zone, resource: cl.URN, path: zp, rule: "ACC-CP-03", source: srcPrivateZone, required: true})
			}
			for _, v := range sortedSet(vnets) {
				c.add(need{persona: PersonaControlPlane, who: cp, op: opVnetJoin, role: RolePrivateDNSZoneContrib, scope: v, resource: cl.URN, path: zp, rule: "ACC-CP-04", source: srcPrivateZone, required: true})
			}
		}
		if kid != "" {
			c.add(need{persona: PersonaControlPlane, who: cp, op: opAssignIdentity, role: RoleManagedIdentityOperator, scope: kid, resource: cl.URN, path: "identityProfile.kubeletidentity.resourceId", rule: "ACC-CP-05", source: srcKubeletIdentity, required: true})
		}
		c.encryptionNeeds(cl, cp)
	}
}

// encryptionNeeds: with KMS the control plane encrypts and decrypts with
// the key's vault; with a disk encryption set the cluster identity reads
// the set and the set's identity wraps and unwraps with its key's vault.
func (c *checker) encryptionNeeds(cl *mockengine.Resource, cp principal) {
	const kp = "securityProfile.azureKeyVaultKms"
	if cl.Bool(kp + ".enabled") {
		vault := inputID(c.p, cl, kp+".keyVaultResourceId")
		if vault == "" {
			vault = c.vaultOfKey(cl.String(kp+".keyId"), cl.PropertyDependencies["securityProfile"])
		}
		if vault == "" {
			c.finding("ACC-CP-06", cl.URN, kp+".keyId", srcKMS, "the KMS key %q is not in a vault of the plan, so the control plane's access to it cannot be verified", cl.String(kp+".keyId"))
		} else {
			for _, op := range []string{opKeyEncrypt, opKeyDecrypt} {
				c.add(need{persona: PersonaControlPlane, who: cp, op: op, role: RoleKeyVaultCryptoUser, scope: vault, resource: cl.URN, path: kp + ".keyId", rule: "ACC-CP-06", source: srcKMS, required: true})
			}
		}
	}
	desID := inputID(c.p, cl, "diskEncryptionSetID")
	if desID == "" {
		return
	}
	c.add(need{persona: PersonaControlPlane, who: cp, op: opDESRead, role: RoleReader, scope: desID, resource: cl.URN, path: "diskEncryptionSetID", rule: "ACC-CP-07", source: srcDESRead, required: true})
	des := c.p.ByID(desID)
	if des == nil {
		return // a set outside the plan: its own access is its owner's
	}
	who := principal{display: des.String("diskEncryptionSetName"), kind: "ServicePrincipal", keys: map[string]bool{"urn:" + des.URN: true}}
	if id := outString(des, "identity.principalId"); id != "" {
		who.keys["id:"+strings.ToLower(id)] = true
	}
	vault := inputID(c.p, des, "activeKey.sourceVault.id")
	if vault == "" {
		vault = c.vaultOfKey(des.String("activeKey.keyUrl"), des.PropertyDependencies["activeKey"])
	}
	if vault == "" {
		c.finding("ACC-DES-01", des.URN, "activeKey.keyUrl", srcDESKey, "the set's key %q is not in a vault of the plan, so the set's access to it cannot be verified", des.String("activeKey.keyUrl"))
		return
	}
	for _, op := range []string{opKeyWrap, opKeyUnwrap} {
		c.add(need{persona: PersonaDES, who: who, op: op, role: RoleKeyVaultCryptoSvcEncr, scope: vault, resource: des.URN, path: "activeKey.keyUrl", rule: "ACC-DES-01", source: srcDESKey, required: true})
	}
}

// vaultOfKey is the ARM ID of the planned vault a key URI
// (https://<vault>.vault.azure.net/keys/<name>[/<version>]) names, or of
// the vault of a planned key the input depends on.
func (c *checker) vaultOfKey(keyURI string, deps []string) string {
	if u := strings.TrimPrefix(strings.ToLower(keyURI), "https://"); u != strings.ToLower(keyURI) {
		name := u[:strings.IndexAny(u+".", "./")]
		for _, v := range byType(c.p, ":Vault", "keyvault") {
			if strings.EqualFold(v.String("vaultName"), name) {
				return v.ID
			}
		}
	}
	for _, d := range deps {
		if k := c.p.ByURN(d); k != nil && strings.HasSuffix(k.Type, ":Key") {
			return parentID(k.ID, "keys")
		}
	}
	return ""
}

// namespaceGroups: every principal with a role assignment on one of the
// cluster's namespaces must also be able to get the cluster's user
// credentials, else it never reaches the API server to use that role.
func (c *checker) namespaceGroups(cl *mockengine.Resource) {
	nsRoot := cl.ID + "/namespaces"
	type grp struct {
		who  principal
		urn  string
		nss  map[string]bool
		kind string
	}
	groups := map[string]*grp{}
	var order []string
	for _, a := range c.as {
		if !within(a.scope, nsRoot) || normScope(a.scope) == normScope(nsRoot) {
			continue
		}
		ns := strings.SplitN(a.scope[len(nsRoot)+1:], "/", 2)[0]
		pid := strings.ToLower(a.r.String("principalId"))
		key := pid
		if key == "" {
			key = a.r.URN
		}
		g, ok := groups[key]
		if !ok {
			who := principal{display: pid, kind: a.ptype, keys: a.keys}
			if a.ptype == "Group" && pid != "" {
				who = groupPrincipal(pid)
			}
			g = &grp{who: who, urn: a.r.URN, nss: map[string]bool{}}
			groups[key] = g
			order = append(order, key)
		}
		g.nss[ns] = true
	}
	for _, k := range order {
		g := groups[k]
		c.add(need{persona: PersonaNamespaceGroup + " (" + strings.Join(sortedSet(g.nss), ", ") + ")", who: g.who, op: opListUserCredential, role: RoleAKSClusterUser, scope: cl.ID,
			resource: g.urn, path: "principalId", rule: "ACC-NS-01", source: srcGetCredentials, required: true})
	}
}

type subnetRef struct{ id, urn, path string }

// nodeSubnets are the cluster's and its agent pools' vnetSubnetID values.
func (c *checker) nodeSubnets(cl *mockengine.Resource) []subnetRef {
	var out []subnetRef
	seen := map[string]bool{}
	addRef := func(id, urn, path string) {
		if id == "" || seen[strings.ToLower(id)] {
			return
		}
		seen[strings.ToLower(id)] = true
		out = append(out, subnetRef{id, urn, path})
	}
	for i := 0; i < cl.Len("agentPoolProfiles"); i++ {
		p := fmt.Sprintf("agentPoolProfiles[%d].vnetSubnetID", i)
		addRef(inputID(c.p, cl, p), cl.URN, p)
	}
	for _, ap := range byType(c.p, ":AgentPool", "containerservice") {
		if normScope(parentID(ap.ID, "agentPools")) == normScope(cl.ID) {
			addRef(inputID(c.p, ap, "vnetSubnetID"), ap.URN, "vnetSubnetID")
		}
	}
	return out
}

// identity is the principal of the user-assigned identity with an ARM ID.
func (c *checker) identity(id string) principal {
	if u := c.p.ByID(id); u != nil {
		return identityPrincipal(u)
	}
	return principal{display: id[strings.LastIndex(id, "/")+1:], kind: "ServicePrincipal", keys: map[string]bool{}}
}

// sameGroup keeps the resources in the resource group of id: the spoke's
// registry and vault sit beside its cluster.
func (c *checker) sameGroup(rs []*mockengine.Resource, id string) []*mockengine.Resource {
	var out []*mockengine.Resource
	rg := resourceGroupOf(id)
	for _, r := range rs {
		if rg != "" && resourceGroupOf(r.ID) == rg {
			out = append(out, r)
		}
	}
	return out
}

// workloadNeeds: an identity federated to a cluster's OIDC issuer must read
// the secrets of the vault beside that cluster.
func (c *checker) workloadNeeds() {
	clusters := byType(c.p, ":ManagedCluster", "containerservice")
	seen := map[string]bool{}
	for _, fic := range byType(c.p, ":FederatedIdentityCredential", "managedidentity") {
		u := c.p.ByID(parentID(fic.ID, "federatedIdentityCredentials"))
		if u == nil {
			continue
		}
		issuer := strings.TrimRight(fic.String("issuer"), "/")
		for _, cl := range clusters {
			iss := strings.TrimRight(outString(cl, "oidcIssuerProfile.issuerURL"), "/")
			federated := issuer != "" && strings.EqualFold(issuer, iss)
			if issuer == "" {
				for _, d := range fic.PropertyDependencies["issuer"] {
					federated = federated || d == cl.URN
				}
			}
			if !federated || seen[u.URN+"|"+cl.URN] {
				continue
			}
			seen[u.URN+"|"+cl.URN] = true
			who := identityPrincipal(u)
			optOut := u.String("tags."+KeyVaultAccessTag) == KeyVaultAccessNone
			for _, v := range c.sameGroup(byType(c.p, ":Vault", "keyvault"), cl.ID) {
				if keysOnly(v) {
					continue
				}
				n := need{persona: PersonaWorkload, who: who, op: opGetSecret, role: RoleKeyVaultSecretsUser, scope: v.ID, resource: fic.URN, path: "issuer", rule: "ACC-WI-01", source: srcWorkloadSecrets, required: !optOut}
				if optOut {
					n.note = fmt.Sprintf("the identity declares it reads no vault (tag %s=%s)", KeyVaultAccessTag, KeyVaultAccessNone)
				}
				c.add(n)
			}
		}
	}
}

// secretsWriters: groups that hold a role able to write a vault's secrets
// are the secrets operators; a vault nobody can write gets an
// informational row (the operator group is optional).
func (c *checker) secretsWriters() {
	for _, v := range byType(c.p, ":Vault", "keyvault") {
		if keysOnly(v) {
			continue
		}
		anyWriter := false
		for _, a := range c.as {
			if !a.known || !within(v.ID, a.scope) || !a.role.Grants(opSetSecret, true) {
				continue
			}
			anyWriter = true
			if a.ptype != "Group" {
				continue
			}
			c.add(need{persona: PersonaSecretsWriter, who: groupPrincipal(a.r.String("principalId")), op: opSetSecret, role: RoleKeyVaultSecretsOfficer, scope: v.ID, resource: a.r.URN, path: "principalId", rule: "ACC-KV-01", source: srcSecretsOfficer, required: true})
		}
		if !anyWriter {
			c.rows = append(c.rows, Row{Persona: PersonaSecretsWriter, Principal: "(none planned)", Action: opSetSecret, Role: roleName(RoleKeyVaultSecretsOfficer), Scope: v.ID,
				Note: "nobody in the plan can write this vault's secrets; an operator group is optional", Source: srcSecretsOfficer})
		}
	}
}

// evaluate finds the assignments that grant a need, records the row and
// reports a missing grant, a grant wider than the need, and a principal
// type that does not match the principal.
func (c *checker) evaluate(n need) {
	row := Row{Persona: n.persona, Principal: n.who.display, Action: n.op, Role: roleName(n.role), Scope: n.scope, Required: n.required, Note: n.note, Source: n.source}
	if n.by != "" {
		row.Granted, row.By = true, n.by
		if row.Role == "" {
			row.Role = "(aadProfile.adminGroupObjectIDs)"
		}
		c.rows = append(c.rows, row)
		return
	}
	var exact, wider []assignment
	for _, a := range c.as {
		if !n.who.matches(a.keys) || !a.known || !a.role.Grants(n.op, dataOps[n.op]) || !within(n.scope, a.scope) {
			continue
		}
		if normScope(a.scope) == normScope(n.scope) {
			exact = append(exact, a)
		} else {
			wider = append(wider, a)
		}
	}
	// The documented role first, so the matrix names the intended grant.
	documented := func(as []assignment) {
		sort.SliceStable(as, func(i, j int) bool { return as[i].roleID == n.role && as[j].roleID != n.role })
	}
	documented(exact)
	documented(wider)
	switch {
	case len(exact) > 0:
		row.Granted, row.By = true, exact[0].r.URN
	case len(wider) > 0:
		row.Granted, row.By = true, wider[0].r.URN
	}
	for _, a := range wider {
		c.finding("ACC-SCOPE-02", a.r.URN, "scope", srcScope,
			"%s grants %s (%s) to %s %s at %s, wider than the %s it needs", a.role.Name, n.op, n.persona, n.who.display, kindWord(n.who.kind), a.scope, n.scope)
	}
	for _, a := range append(exact, wider...) {
		if a.ptype != "" && n.who.kind != "" && a.ptype != n.who.kind {
			c.finding("ACC-PTYPE-01", a.r.URN, "principalType", "Azure/azure-rest-api-specs specification/authorization (RoleAssignmentProperties.principalType)",
				"principalType %q, but the principal is a %s (%s %s): ARM rejects a principal type that does not match", a.ptype, n.who.kind, n.persona, n.who.display)
		}
	}
	if n.required && !row.Granted {
		c.finding(n.rule, n.resource, n.path, n.source+"; role: "+roleSource(n.role),
			"%s %s cannot %s on %s: it needs %q there (or a narrower role with that operation), and no planned role assignment grants it",
			n.persona, n.who.display, n.op, n.scope, roleName(n.role))
	}
	c.rows = append(c.rows, row)
}

// vaultMode: a vault some persona must read or write through role
// assignments has to use the Azure RBAC permission model, or the data-plane
// roles grant nothing.
func (c *checker) vaultMode() {
	scopes := map[string]bool{}
	for _, n := range c.needs {
		if dataOps[n.op] && strings.HasPrefix(n.op, "Microsoft.KeyVault/") {
			scopes[normScope(n.scope)] = true
		}
	}
	for _, v := range byType(c.p, ":Vault", "keyvault") {
		if scopes[normScope(v.ID)] && !v.Bool("properties.enableRbacAuthorization") {
			c.finding("ACC-KV-02", v.URN, "properties.enableRbacAuthorization", srcWorkloadSecrets,
				"the vault does not use the Azure RBAC permission model (enableRbacAuthorization is not true), so Key Vault Secrets User/Officer assignments grant no access to its secrets")
		}
	}
}

// keysOnly reports whether a vault declares it holds only a key
// (KeyVaultPurposeTag).
func keysOnly(v *mockengine.Resource) bool {
	return v.String("tags."+KeyVaultPurposeTag) == KeyVaultPurposeKeys
}

// everyAssignment: privileged roles, roles the model does not know, and
// assignments at a subscription or resource group, wherever they are.
func (c *checker) everyAssignment() {
	for _, a := range c.as {
		switch {
		case a.roleID == "":
			c.finding("ACC-ROLE-01", a.r.URN, "roleDefinitionId", srcLeastPrivilege,
				"roleDefinitionId %q is not a role definition ID (\"/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>\")", a.r.String("roleDefinitionId"))
		case !a.known:
			c.finding("ACC-ROLE-01", a.r.URN, "roleDefinitionId", srcLeastPrivilege,
				"role %s is not a built-in role the model knows from the built-in roles reference, so least privilege cannot be verified; use one of: %s", a.roleID, knownRoleNames())
		case a.role.Privileged:
			c.finding("ACC-PRIV-01", a.r.URN, "roleDefinitionId", a.role.Source,
				"%s is assigned (to %s at %s): a privileged role is never needed here; grant the least role of the need instead", a.role.Name, a.r.String("principalId"), a.scope)
		}
		if a.scope != "" {
			if what, broad := broadScope(a.scope); broad {
				c.finding("ACC-SCOPE-01", a.r.URN, "scope", srcScope,
					"scope %s is %s: assign roles on the resource that needs them (the registry, vault, subnet, zone or identity), not on %s", a.scope, what, what)
			}
		}
	}
}

func roleName(id string) string {
	if r, ok := RoleByID(id); ok {
		return r.Name
	}
	return id
}

func roleSource(id string) string {
	if r, ok := RoleByID(id); ok {
		return r.Source
	}
	return "n/a"
}

func knownRoleNames() string {
	var names []string
	for _, r := range Roles() {
		if !r.Privileged {
			names = append(names, r.Name)
		}
	}
	return strings.Join(names, ", ")
}

func kindWord(kind string) string {
	if kind == "Group" {
		return "(group)"
	}
	return "(identity)"
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jumpboxNeeds: the clusters' API servers are private, so their admins work
// from the jump boxes in the management subnet; a scale set that signs
// people in with Entra ID (the AADSSHLoginForLinux extension, password
// authentication off) must let every cluster admin group in as root, or
// the clusters can only be administered with the break-glass key.
func (c *checker) jumpboxNeeds() {
	var admins []string
	seen := map[string]bool{}
	for _, cl := range byType(c.p, ":ManagedCluster", "containerservice") {
		for _, g := range stringsAt(cl, "aadProfile.adminGroupObjectIDs") {
			if k := strings.ToLower(g); !seen[k] {
				seen[k] = true
				admins = append(admins, g)
			}
		}
	}
	for _, vmss := range byType(c.p, ":VirtualMachineScaleSet", "compute") {
		if !entraLogin(vmss) || vmss.ID == "" {
			continue
		}
		for _, g := range admins {
			c.add(need{persona: PersonaJumpboxAdmin, who: groupPrincipal(g), op: opVMLoginAsAdmin, role: RoleVMAdministratorLogin, scope: vmss.ID, resource: vmss.URN,
				path: "virtualMachineProfile.extensionProfile.extensions", rule: "ACC-VM-01", source: srcVMLogin, required: true})
		}
	}
}

// entraLogin reports whether a scale set carries the Entra ID SSH login
// extension (publisher Microsoft.Azure.ActiveDirectory, type
// AADSSHLoginForLinux: MicrosoftDocs/entra-docs howto-vm-sign-in-azure-ad-linux.md).
func entraLogin(vmss *mockengine.Resource) bool {
	exts := mockengine.Unsecret(vmss.Get("virtualMachineProfile.extensionProfile.extensions"))
	if !exts.IsArray() {
		return false
	}
	for _, e := range exts.ArrayValue() {
		e = mockengine.Unsecret(e)
		if !e.IsObject() {
			continue
		}
		o := e.ObjectValue()
		if o["type"].IsString() && o["type"].StringValue() == "AADSSHLoginForLinux" && o["publisher"].IsString() && o["publisher"].StringValue() == "Microsoft.Azure.ActiveDirectory" {
			return true
		}
	}
	return false
}

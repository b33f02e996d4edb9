package mockengine

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Answer computes what the modelled Azure answers when a custom resource of
// type typ named name is created with inputs: its physical ID (an ARM ID for
// Azure resources) and its outputs (the inputs plus what Azure computes). It
// records the resource by ID, so later answers that read another resource
// (the firewall's IP from its subnet) find it. The test provider in
// internal/e2e serves the real engine with it, so the engine and the mock
// engine see the same Azure.
func (m *Mocks) Answer(typ, name string, inputs resource.PropertyMap) (string, resource.PropertyMap) {
	r := &Resource{Type: typ, Name: name, Custom: true, Inputs: inputs}
	m.mu.Lock()
	defer m.mu.Unlock()
	id, outs := m.answer(r)
	r.ID, r.Outputs = id, outs
	if id != "" {
		m.byID[strings.ToLower(id)] = r
	}
	return id, outs
}

// Invoke answers a provider function (token as the SDK sends it) as the
// mock engine does, without recording the call.
func (m *Mocks) Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	return m.invoke(pulumi.MockCallArgs{Token: token, Args: args})
}

// ServiceKey splits a resource type token into its package and the key the
// Azure model uses: "azure-native:network/v20240501:Subnet" gives
// ("azure-native", "network:Subnet").
func ServiceKey(token string) (pkg, key string) { return serviceKey(token) }

// ARMIDInputs lists the inputs whose values make up the ARM ID of a resource
// type in the model (scope, resource group, each name segment), so a change
// to any of them addresses another resource. ok is false for types the
// model has no ARM ID for.
func ARMIDInputs(token string) (inputs []string, ok bool) {
	_, key := serviceKey(token)
	t, ok := armTypes[key]
	if !ok {
		return nil, false
	}
	if t.scopeInput != "" {
		inputs = append(inputs, t.scopeInput)
	} else {
		inputs = append(inputs, "resourceGroupName")
	}
	for i := 1; i < len(t.path); i += 2 {
		inputs = append(inputs, t.path[i])
	}
	return inputs, true
}

package stackconfig

// ControlIDs are the baseline controls of the plan report (internal/plan),
// listed here so that validation can reject a waiver of an unknown control
// before anything runs. A test keeps the two lists equal.
var ControlIDs = []string{
	"PAKS-API-01", "PAKS-NET-01", "PAKS-NET-02", "PAKS-NET-03", "PAKS-NET-04", "PAKS-NET-05", "PAKS-NET-06",
	"PAKS-DNS-01", "PAKS-ID-01", "PAKS-ID-02", "PAKS-ID-03", "PAKS-ID-04", "PAKS-ID-05",
	"PAKS-SEC-01", "PAKS-SEC-02", "PAKS-SEC-03", "PAKS-SEC-04", "PAKS-MON-01", "PAKS-NODE-01",
	"PAKS-OPS-01", "PAKS-OPS-02", "PAKS-OPS-03",
	"PAKS-MON-02", "PAKS-NET-07", "PAKS-NET-08", "PAKS-SEC-05", "PAKS-OPS-04", "PAKS-MON-03", "PAKS-MON-04", "PAKS-ACR-01",
	"PAKS-EDGE-01", "PAKS-EDGE-02", "PAKS-ENC-01", "PAKS-ENC-02", "PAKS-EDGE-03",
}

func isControlID(id string) bool {
	for _, c := range ControlIDs {
		if c == id {
			return true
		}
	}
	return false
}

package emulator

import (
	"net"
	"strings"
)

// IsLoopbackHost reports whether host is localhost or in 127.0.0.0/8 or ::1:
// the only addresses the emulator command listens on.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

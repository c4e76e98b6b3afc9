package main

import (
	"os"
	"strings"
)

// relative shortens absolute paths under the working directory in a message,
// so diagnostics read "records/x.toml:3: …" as editors expect.
func (m *Main) relative(msg string) string {
	wd, err := os.Getwd()
	if err != nil || wd == "/" {
		return msg
	}
	return strings.ReplaceAll(msg, wd+string(os.PathSeparator), "")
}

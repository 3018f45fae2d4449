//go:build js && wasm

package main

// errText is err's message, or "" for nil (figures publish errors as text).
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
